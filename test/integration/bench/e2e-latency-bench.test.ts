import { describe, expect, it } from 'vitest';
import { e2eLatencyBench } from '../../../services/bench/e2e-latency-bench.ts';
import { generateWireStream } from '../../../services/bench/wire-stream.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { createKafka } from '../../../services/shared/kafka/kafka-client.ts';

// `storyline bench` POSTs Reuters-21578 from the shared data folder; this tier needs only the repository,
// so it POSTs the benchmarks' generated wire copy (several providers' reports of each event, re-sends).
const generated = generateWireStream(40).articles.map((a) => ({ id: `${a.provider.id}-${a.providerItemId}-${a.providerVersion}`, title: a.headlines[0]!.value, body: a.bodies[0]!.value }));
const source = { label: `generated wire copy (${generated.length} items)`, articles: generated };

describe('the end-to-end latency benchmark', () => {
  // No timing assertion (tests never assert speed): only that the run measured what it says and left nothing behind.
  it('runs one small rate against the real servers: every 202 is decided, every published item readable, the environment removed', async () => {
    const lines: string[] = [];
    const report = await e2eLatencyBench({ rates: [2], warmupSeconds: 1, measureSeconds: 6, drainSeconds: 240, baselineSeconds: 3, source, redisDb: 13, historySample: 5, log: (line) => lines.push(line) });
    expect(report.rates).toHaveLength(1);
    const [rate] = report.rates;
    expect(rate!.requests).toBe(12);
    expect(rate!.acknowledged).toBe(rate!.requests);
    expect(rate!.outcomes.undecided).toBe(0);
    expect(rate!.outcomes.refused).toBe(0);
    expect(rate!.outcomes.published).toBeGreaterThan(0);
    expect(rate!.outcomes.published + rate!.outcomes['no-version']).toBe(rate!.requests);
    // Items that got no version of their own were routed into another story (a re-send or related copy).
    for (const kinds of Object.keys(rate!.noVersionKinds)) expect(kinds).toMatch(/DuplicateSuppressed|RelatedItemJoined/);
    expect(rate!.readable).toMatchObject({ count: rate!.outcomes.published, missing: 0 });
    expect(rate!.update).toMatchObject({ count: rate!.outcomes.published, missing: 0 });
    expect(rate!.decided.missing).toBe(0);
    expect(rate!.baseline.missing).toBe(0);
    expect(rate!.readChecks.atVersion).toBe(rate!.readChecks.checked);
    expect(rate!.saturated).toBe(false);
    // The stage handler times come off the pipeline process's /metrics.
    expect(rate!.consumerHandle['dedupe-router']?.messages).toBeGreaterThan(0);
    // CPU per article off /proc, over the whole rate (warm-up included): every article of it was acknowledged.
    expect(rate!.cpu.articles).toBe(rate!.offeredRate * (rate!.warmupSeconds + rate!.measureSeconds));
    expect(rate!.cpu.processes.pipeline?.ms).toBeGreaterThan(0);
    expect(rate!.cpu.processes.pipeline?.msPerArticle).toBeGreaterThan(0);
    expect(report.temporal?.workflows).toBeGreaterThan(0);

    const admin = createKafka('storyline-test-bench', loadConfig().kafka.brokers).admin();
    await admin.connect();
    try {
      expect((await admin.listTopics()).filter((t) => t.startsWith(`${report.environment}.`))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    expect(report.cleanup.join('\n')).toContain('Redis database 13 flushed');
  }, 900_000);
});
