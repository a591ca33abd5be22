import { describe, expect, it } from 'vitest';
import { histogramQuantile, intervalPoints, stageCountersOf, stageDelta, type MetricJson } from '../../../services/admin/operations/stage-metrics.ts';
import { StageSampler, type MetricsSource } from '../../../services/admin/stage-sampler.ts';
import { ProcessMetrics } from '../../../services/runtime/ops-metrics.ts';

/** A process's registry after the given handled messages: real prom-client, no network. */
async function registryAfter(handled: ReadonlyArray<{ consumer: string; handleMs: number; ageMs: number }>, deadLetters: readonly string[] = []): Promise<MetricJson[]> {
  const metrics = new ProcessMetrics(['test']);
  for (const h of handled) metrics.processed(h.consumer, { handleMs: h.handleMs, ageMs: h.ageMs });
  for (const consumer of deadLetters) metrics.deadLettered(consumer, 'avro_bad_framing');
  return metrics.registry.getMetricsAsJSON();
}

const repeat = <T,>(n: number, value: T) => Array.from({ length: n }, () => value);

describe('throughput and latency per stage from the processes registries', () => {
  it('reads each consumer\'s counters and histograms from a prom-client registry', async () => {
    const counters = stageCountersOf(await registryAfter([...repeat(3, { consumer: 'enrich', handleMs: 20, ageMs: 400 }), { consumer: 'projection', handleMs: 2, ageMs: 30 }], ['enrich', 'enrich']));
    expect([...counters.keys()].sort()).toEqual(['enrich', 'projection']);
    const enrich = counters.get('enrich')!;
    expect(enrich).toMatchObject({ messages: 3, deadLetters: 2 });
    expect(enrich.handle.count).toBe(3);
    expect(enrich.handle.sum).toBeCloseTo(0.06, 6);
    expect(enrich.handle.buckets.at(-1)).toEqual([Infinity, 3]);
    // 20 ms falls in the (10 ms, 25 ms] bucket: everything at or above 25 ms counts all three.
    expect(enrich.handle.buckets.find(([le]) => le === 0.025)?.[1]).toBe(3);
    expect(enrich.handle.buckets.find(([le]) => le === 0.01)?.[1]).toBe(0);
    expect(counters.get('projection')).toMatchObject({ messages: 1, deadLetters: 0 });
  });

  it('interpolates quantiles inside a bucket, as histogram_quantile does', () => {
    const histogram = { buckets: [[0.1, 50], [0.2, 90], [0.5, 100], [Infinity, 100]] as Array<[number, number]>, sum: 12, count: 100 };
    expect(histogramQuantile(histogram, 0.5)).toBeCloseTo(0.1, 9);
    expect(histogramQuantile(histogram, 0.7)).toBeCloseTo(0.15, 9);
    expect(histogramQuantile(histogram, 0.95)).toBeCloseTo(0.35, 9);
    expect(histogramQuantile({ buckets: [[1, 0], [Infinity, 4]], sum: 40, count: 4 }, 0.5)).toBe(1);
    expect(histogramQuantile({ buckets: [[1, 0], [Infinity, 0]], sum: 0, count: 0 }, 0.5)).toBeNull();
  });

  it('turns two readings into rates and latencies, summing the processes of a stage and surviving a restart', async () => {
    const before = new Map([
      ['a', stageCountersOf(await registryAfter(repeat(10, { consumer: 'enrich', handleMs: 20, ageMs: 400 })))],
      ['b', stageCountersOf(await registryAfter(repeat(4, { consumer: 'enrich', handleMs: 20, ageMs: 400 })))],
    ]);
    const after = new Map([
      // a handled 20 more in the interval; b restarted and handled 2 since; c is new (a baseline only).
      ['a', stageCountersOf(await registryAfter([...repeat(10, { consumer: 'enrich', handleMs: 20, ageMs: 400 }), ...repeat(20, { consumer: 'enrich', handleMs: 200, ageMs: 4000 })]))],
      ['b', stageCountersOf(await registryAfter(repeat(2, { consumer: 'enrich', handleMs: 200, ageMs: 4000 })))],
      ['c', stageCountersOf(await registryAfter(repeat(100, { consumer: 'enrich', handleMs: 1, ageMs: 1 })))],
    ]);
    const points = intervalPoints(before, after, 10_000, 5);
    const enrich = points.get('enrich')!;
    expect(enrich.perSecond).toBeCloseTo(22 / 5, 6);
    expect(enrich.handleMs!.mean).toBeCloseTo(200, 3);
    // Every message of the interval took 200 ms: p50 and p95 lie in the (100 ms, 250 ms] bucket.
    expect(enrich.handleMs!.p50).toBeGreaterThan(100);
    expect(enrich.handleMs!.p95).toBeLessThanOrEqual(250);
    expect(enrich.ageMs!.p95).toBeGreaterThan(2500);
    expect(enrich.ageMs!.p95).toBeLessThanOrEqual(5000);
    expect(enrich.at).toBe(10_000);
  });

  it('an idle interval has no latency, only a rate of zero', async () => {
    const same = stageCountersOf(await registryAfter(repeat(3, { consumer: 'projection', handleMs: 2, ageMs: 30 })));
    const delta = stageDelta(same.get('projection')!, same.get('projection')!);
    expect(delta.messages).toBe(0);
    const point = intervalPoints(new Map([['a', same]]), new Map([['a', same]]), 1, 5).get('projection')!;
    expect(point).toMatchObject({ perSecond: 0, handleMs: null, ageMs: null });
  });

  it('the sampler keeps a bounded series per stage, in flow order, and reports a source it could not read', async () => {
    let handled = 0;
    let clock = 0;
    const working: MetricsSource = { id: 'p1', services: ['router'], read: () => registryAfter(repeat(handled, { consumer: 'dedupe-router', handleMs: 5, ageMs: 50 })) };
    const broken: MetricsSource = { id: 'p2', services: ['enrich'], read: () => Promise.reject(new Error('connection refused')) };
    const sampler = new StageSampler({ sources: () => Promise.resolve([working, broken]), stages: [{ name: 'dedupe-router', topic: 'wire' }, { name: 'enrich', topic: 'events' }], intervalMs: 5_000, keep: 3, now: () => clock });
    for (const step of [0, 10, 30, 60, 100]) {
      handled = step;
      clock += 5_000;
      await sampler.sample();
    }
    const view = sampler.view();
    expect(view.stages.map((s) => s.stage)).toEqual(['dedupe-router', 'enrich']);
    const router = view.stages[0]!;
    expect(router.messages).toBe(100);
    expect(router.points.map((p) => p.perSecond)).toEqual([4, 6, 8]);
    expect(view.stages[1]!.points.map((p) => p.perSecond)).toEqual([0, 0, 0]);
    expect(view.sources).toEqual([
      { id: 'p1', services: ['router'], ok: true },
      { id: 'p2', services: ['enrich'], ok: false, error: 'connection refused' },
    ]);
  });
});
