import { describe, expect, it } from 'vitest';
import { markdownReport, type BenchRun } from '../../../services/bench/markdown-report.ts';

const summary = (p50: number | null, p99: number | null) => ({ count: 10, missing: p99 === null ? 1 : 0, p50, p95: p99, p99, max: p99 });

const run: BenchRun = {
  startedAt: '2026-12-04T15:00:00.000Z',
  machine: { cores: 2, cpu: 'test cpu', node: 'v24', loadAverage: { before: [1, 2, 3], after: [4, 5, 6] } },
  rows: [{ name: 'submission size', ours: { label: 'avro', value: 15_530 }, baseline: { label: 'json', value: 18_886 }, unit: 'bytes', ratio: 0.822 }],
  failures: [{ section: 'kafka clients', error: 'broker went away' }],
  temporalDecisions: [
    { offeredRate: 10, signals: 200, decisionsPerSecond: 10, latency: summary(60, 230), keptUp: true },
    { offeredRate: 20, signals: 400, decisionsPerSecond: 14.6, latency: summary(6336, null), keptUp: false },
  ],
};

describe('the README tables of a bench run', () => {
  it('renders every row with its baseline and ratio, the failures, the machine and the Temporal rates', () => {
    const md = markdownReport(run, 'run.json');
    expect(md).toContain('| submission size | avro 15,530 bytes | json 18,886 bytes | 0.82 |');
    expect(md).toContain('- section failed: kafka clients: broker went away');
    expect(md).toContain('load average 1 / 2 / 3 at the start, 4 / 5 / 6 at the end');
    expect(md).toContain('| 20 | 14.6 (not kept up) | 6,336 / ∞ |');
    expect(md).not.toContain('End to end');
  });
});
