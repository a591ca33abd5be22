import { describe, expect, it } from 'vitest';
import { DEFAULT_DEDUPE_INDEX_OPTIONS } from '../../../services/dedupe/stored-index-layout.ts';
import { SHIPPED_TUNING } from '../../../services/dedupe/match-policy.ts';
import { formatRows } from '../../../services/bench/measure.ts';
import { routeStream } from '../../../services/bench/routing-bench.ts';
import { generateWireStream } from '../../../services/bench/wire-stream.ts';

describe('the generated wire stream', () => {
  it('is the same stream for the same seed', () => {
    expect(generateWireStream(500)).toEqual(generateWireStream(500));
    expect(generateWireStream(500, 1)).not.toEqual(generateWireStream(500));
  });

  it('reports each event several times, from several providers, in time order inside the index window', () => {
    const { articles, events } = generateWireStream(3000);
    expect(articles).toHaveLength(3000);
    expect(events).toBeGreaterThanOrEqual(250);
    expect(events).toBeLessThanOrEqual(500);
    const times = articles.map((a) => a.versioncreated);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(times.at(-1)! - times[0]!).toBeLessThan(DEFAULT_DEDUPE_INDEX_OPTIONS.windowMs);
    const providersOf = new Map<string, Set<string>>();
    for (const a of articles) {
      const event = a.providerItemId.split('-')[2]!;
      providersOf.set(event, (providersOf.get(event) ?? new Set()).add(a.provider.id));
    }
    expect(providersOf.size).toBe(events);
    const fromSeveral = [...providersOf.values()].filter((providers) => providers.size >= 2).length;
    expect(fromSeveral / events).toBeGreaterThan(0.8);
  });
});

describe('routing the stream', () => {
  // The production threshold routes this stream without regrouping (subjects keep its recurring towns'
  // events apart): a threshold far below it makes a 400-item stream regroup, which is what this test needs to count.
  it('regroups only when asked to', async () => {
    const { articles } = generateWireStream(400);
    const loose = { tuning: { ...SHIPPED_TUNING, threshold: 0.05 } };
    const routedOnly = await routeStream(articles, false, loose);
    const regrouped = await routeStream(articles, true, loose);
    expect(routedOnly.counts).toEqual({ regroupings: 0, moves: 0, merges: 0 });
    expect(regrouped.counts.regroupings).toBeGreaterThan(0);
    expect(regrouped.itemsPerSecond).toBeGreaterThan(0);
  }, 30_000);

  it('prints a row note under the table', () => {
    const table = formatRows([{ name: 'route 3 items', ours: { label: 'a', value: 2 }, baseline: { label: 'b', value: 4 }, unit: 'items/s', note: '1 regrouping' }]);
    expect(table).toMatch(/ratio 0\.50\n\nroute 3 items: 1 regrouping$/);
  });
});
