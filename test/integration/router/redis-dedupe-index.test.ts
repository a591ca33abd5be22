import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { itemKeyOf } from '../../../services/dedupe/item-key.ts';
import type { DedupeIndexOptions } from '../../../services/dedupe/stored-index-layout.ts';
import { dedupeIndexKeys } from '../../../services/dedupe/stored-index-layout.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { routeFingerprint } from '../../../services/dedupe/routing-pipeline.ts';
import { redisDedupeIndex } from '../../../services/router/redis-index-storage.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { runId } from '../../support/run-id.ts';
import { generatedStream } from './generated-stream.ts';

const config = loadConfig();
const namespaces: string[] = [];
let redis: Redis;

function namespace(): string {
  const ns = runId('dd-index');
  namespaces.push(ns);
  return ns;
}

async function keysOf(client: Redis, ns: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanStream({ match: `dd:{${ns}}:*`, count: 1000 }) as AsyncIterable<string[]>) keys.push(...batch);
  return keys.sort();
}

const DAY = 86_400_000;
// Small bounds, so that a few hundred items exercise eviction, retention and posting trims.
const SMALL: Partial<DedupeIndexOptions> = { windowMs: 2 * DAY, itemRetentionMs: 5 * DAY, maxPostingsPerTerm: 15, maxTermCandidates: 10 };

describe('the dedupe index in Redis (real Redis)', () => {
  beforeAll(() => {
    redis = new Redis(config.redis.url, { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    for (const ns of namespaces) {
      const keys = await keysOf(redis, ns);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('returns exactly what the in-memory index returns, lookup after lookup, over a generated stream', async () => {
    const ns = namespace();
    const inMemory = inMemoryDedupeIndex(SMALL).candidates;
    const inRedis = redisDedupeIndex(redis, { ...SMALL, namespace: ns }).candidates;
    const stream = generatedStream(400);
    const kinds = new Map<string, number>();
    let withCandidates = 0;
    for (const article of stream) {
      const fp = fingerprintArticle(article);
      const expected = await inMemory.lookup(fp);
      const actual = await inRedis.lookup(fp);
      expect(actual).toEqual(expected);
      if (expected.candidates.length > 0) withCandidates++;
      const route = routeFingerprint(fp, expected);
      kinds.set(route.decision.kind, (kinds.get(route.decision.kind) ?? 0) + 1);
      await inMemory.add(route.storyId, fp);
      await inRedis.add(route.storyId, fp);
    }
    // The stream must have exercised every path for the comparison to mean something.
    expect(withCandidates).toBeGreaterThan(200);
    for (const kind of ['new-story', 'same-item', 'exact-duplicate', 'near-duplicate', 'same-event']) expect(kinds.get(kind) ?? 0).toBeGreaterThan(0);
  });

  it('persists: a new client on the same namespace sees the same index', async () => {
    const ns = namespace();
    const stream = generatedStream(120, 7);
    const first = redisDedupeIndex(redis, { namespace: ns }).candidates;
    for (const article of stream.slice(0, 100)) {
      const fp = fingerprintArticle(article);
      await first.add(routeFingerprint(fp, await first.lookup(fp)).storyId, fp);
    }
    const other = new Redis(config.redis.url, { maxRetriesPerRequest: 2 });
    try {
      const second = redisDedupeIndex(other, { namespace: ns }).candidates;
      for (const article of stream.slice(100)) {
        const fp = fingerprintArticle(article);
        const lookup = await second.lookup(fp);
        expect(lookup).toEqual(await first.lookup(fp));
      }
      const seen = fingerprintArticle(stream[0]!);
      const lookup = await second.lookup(seen);
      expect(lookup.candidates[0]?.fingerprint).toEqual(seen);
    } finally {
      other.disconnect();
    }
  });

  it('evicts items that leave the window (event time) from every key, keeping item mapping and exact hash for the retention', async () => {
    const ns = namespace();
    const k = dedupeIndexKeys(ns);
    const index = redisDedupeIndex(redis, { namespace: ns, windowMs: DAY, itemRetentionMs: 10 * DAY }).candidates;
    const [old, ...rest] = generatedStream(40, 11);
    const oldFp = fingerprintArticle({ ...old!, providerItemId: 'old-1', versioncreated: Date.UTC(2025, 0, 1) });
    const oldKey = itemKeyOf(oldFp.item.providerId, oldFp.item.providerItemId);
    await index.add('st-old', oldFp);
    expect(await redis.exists(k.fp(oldKey), k.story('st-old'), k.exact(oldFp.exactHash))).toBe(3);
    expect(await redis.hget(k.df, '#docs')).toBe('1');

    const later = rest.map((a, i) => fingerprintArticle({ ...a, versioncreated: Date.UTC(2025, 0, 3) + i * 60_000 }));
    for (const fp of later) await index.add(`st-${fp.item.providerItemId}`, fp);

    expect(await redis.exists(k.fp(oldKey), k.story('st-old'))).toBe(0);
    for (const band of oldFp.lshBands) expect(await redis.zscore(k.lsh(band), oldKey)).toBeNull();
    for (const term of oldFp.salientTerms) expect(await redis.zscore(k.term(term), oldKey)).toBeNull();
    expect(await redis.zscore(k.window, oldKey)).toBeNull();
    const inWindow = new Set(later.map((fp) => itemKeyOf(fp.item.providerId, fp.item.providerItemId)));
    expect(Number(await redis.hget(k.df, '#docs'))).toBe(inWindow.size);
    // Document frequencies count exactly the items left in the window.
    const df = await redis.hgetall(k.df);
    const expected: Record<string, string> = { '#docs': String(inWindow.size) };
    const latest = new Map(later.map((fp) => [itemKeyOf(fp.item.providerId, fp.item.providerItemId), fp]));
    for (const fp of latest.values()) for (const term of Object.keys(fp.terms)) expected[term] = String(Number(expected[term] ?? 0) + 1);
    expect(df).toEqual(expected);

    // Same-item routing and exact copies outlive the window.
    expect(JSON.parse((await redis.get(k.item(oldKey)))!)).toMatchObject({ storyId: 'st-old', versionCreated: oldFp.versionCreated, exactHash: oldFp.exactHash });
    const update = await index.lookup({ ...oldFp, versionCreated: Date.UTC(2025, 0, 3, 12) });
    expect(update.candidates[0]).toMatchObject({ storyId: 'st-old' });
    const copy = { ...oldFp, item: { ...oldFp.item, providerItemId: 'copy-1' }, versionCreated: Date.UTC(2025, 0, 3, 12) };
    expect(routeFingerprint(copy, await index.lookup(copy)).decision).toMatchObject({ kind: 'exact-duplicate', storyId: 'st-old', of: oldFp.item });

    // Past the retention, the item mapping and the exact hash go too.
    const muchLater = fingerprintArticle({ ...rest[0]!, providerItemId: 'late-1', versioncreated: Date.UTC(2025, 0, 12) });
    await index.add('st-late', muchLater);
    expect(await redis.exists(k.item(oldKey), k.exact(oldFp.exactHash))).toBe(0);
    expect(await redis.zscore(k.items, oldKey)).toBeNull();
    // Every key carries the namespace's hash tag (one Redis Cluster slot).
    for (const key of await keysOf(redis, ns)) expect(key.startsWith(`dd:{${ns}}:`)).toBe(true);
  });
});
