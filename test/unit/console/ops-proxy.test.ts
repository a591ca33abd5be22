import { describe, expect, it } from 'vitest';
import { consoleReplays, opsCallAllowed, startedReplays } from '../../../services/console/ops-proxy.ts';

describe('the console calls only the admin routes its views need', () => {
  it('allows the reads and the three kinds of change, nothing else', () => {
    expect(opsCallAllowed('GET', 'status')).toBe(true);
    expect(opsCallAllowed('GET', 'metrics/stages')).toBe(true);
    expect(opsCallAllowed('GET', 'replays')).toBe(true);
    expect(opsCallAllowed('POST', 'replays/projection')).toBe(true);
    expect(opsCallAllowed('POST', 'replays/public-topics')).toBe(true);
    expect(opsCallAllowed('POST', 'replays/enrichment')).toBe(true);
    expect(opsCallAllowed('POST', 'replays/parse')).toBe(true);
    expect(opsCallAllowed('POST', 'replays/everything')).toBe(false);
    expect(opsCallAllowed('GET', 'metrics')).toBe(false);
    expect(opsCallAllowed('GET', 'dead-letters')).toBe(true);
    expect(opsCallAllowed('GET', 'stories/abc123')).toBe(true);
    expect(opsCallAllowed('POST', 'dead-letters/dedupe-router:12/redrive')).toBe(true);
    expect(opsCallAllowed('POST', 'replays/mip3k2-a1b2c3/pause')).toBe(true);
    expect(opsCallAllowed('POST', 'dead-letters/redrive')).toBe(false);
    expect(opsCallAllowed('POST', 'consumer-groups/enrich/offsets/reset')).toBe(false);
    expect(opsCallAllowed('POST', 'status')).toBe(false);
    expect(opsCallAllowed('DELETE', 'status')).toBe(false);
    expect(opsCallAllowed('GET', 'stories/a/../../status')).toBe(false);
  });

  it('finds started jobs of every kind in the audit log, newest first, once each', () => {
    const entries = [
      { action: 'replay.pause', outcome: 'ok', detail: 'pause sent', at: '4' },
      { action: 'replay.enrichment.dry-run', outcome: 'ok', detail: 'replay mip3k3-abcdef', at: '3' },
      { action: 'replay.projection', outcome: 'ok', detail: 'rebuild mip3k2-a1b2c3 into sl:pmip3k2-a1b2c3:', at: '2' },
      { action: 'replay.projection.dry-run', outcome: 'ok', detail: 'rebuild mip3k1-ffffff into sl:pmip3k1-ffffff:', at: '1' },
      { action: 'replay.projection', outcome: 'failed', detail: 'rebuild mip3k0-000000 into x', at: '0' },
      { action: 'replay.public-topics', outcome: 'ok', detail: 'replay mip3k2-a1b2c3', at: '0' },
    ];
    expect(startedReplays(entries)).toEqual([
      { rebuildId: 'mip3k3-abcdef', target: 'enrichment', startedAt: '3', dryRun: true },
      { rebuildId: 'mip3k2-a1b2c3', target: 'projection', startedAt: '2', dryRun: false },
      { rebuildId: 'mip3k1-ffffff', target: 'projection', startedAt: '1', dryRun: true },
    ]);
  });

  it('lists running jobs first with their progress, then finished ones with their result, each once', () => {
    const progress = { phase: 'replaying', paused: true, done: 0, total: 4 };
    const running = [{ rebuildId: 'b-000002', target: 'public-topics', startedAt: 'T2', progress }, { rebuildId: 'c-000003', target: 'parse', startedAt: 'T3', progress: null }];
    const started = [
      { rebuildId: 'b-000002', target: 'public-topics', startedAt: 'T2', dryRun: true },
      { rebuildId: 'a-000001', target: 'projection', startedAt: 'T1', dryRun: false },
      { rebuildId: 'z-000009', target: 'enrichment', startedAt: 'T0', dryRun: false },
    ];
    const finished = new Map([
      ['a-000001', { status: 'COMPLETED', progress: null, result: { outcome: 'swapped' } }],
      ['b-000002', { status: 'COMPLETED', progress: null, result: { outcome: 'dry-run' } }],
    ]);
    expect(consoleReplays(running, started, finished)).toEqual([
      { rebuildId: 'b-000002', target: 'public-topics', startedAt: 'T2', dryRun: true, status: 'RUNNING', progress, result: null },
      { rebuildId: 'c-000003', target: 'parse', startedAt: 'T3', dryRun: null, status: 'RUNNING', progress: null, result: null },
      { rebuildId: 'a-000001', target: 'projection', startedAt: 'T1', dryRun: false, status: 'COMPLETED', progress: null, result: { outcome: 'swapped' } },
    ]);
  });
});
