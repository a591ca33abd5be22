import { Redis } from 'ioredis';
import type { Fingerprint } from '../dedupe/fingerprint.ts';
import { fingerprintArticle } from '../dedupe/fingerprint.ts';
import { StoredCandidateIndex } from '../dedupe/stored-candidate-index.ts';
import { DEFAULT_DEDUPE_INDEX_OPTIONS } from '../dedupe/stored-index-layout.ts';
import { RedisIndexStorage } from '../router/redis-index-storage.ts';
import { IndexCommits } from '../router/index-commit.ts';
import { BulkLoadStorage } from './bulk-load-storage.ts';
import { FingerprintVariants, fingerprintPool, type PoolItem } from './derived-fingerprints.ts';
import { median, type BenchRow } from './measure.ts';
import { startScratchRedis } from './scratch-redis.ts';
import { generateWireStream } from './wire-stream.ts';

/** Generated articles fingerprinted for real; every other loaded item is a variant of one of them. */
export const POOL_SIZE = 20_000;
const POOL_SEED = 20250303;
const PROBE_SEED = 777;

/** The pool: one generated wire stream; the generator names items `<provider>-<event>-<report>`, and the event is the story routing would find. */
export function poolArticles(size: number) {
  return generateWireStream(size, POOL_SEED).articles.map((article) => ({ article, storyId: `e${article.providerItemId.split('-').at(-2)}` }));
}

/** Item `i` of the load: variant ⌊i / pool⌋ of pool item i mod pool, sent at `start + i·spacing`. */
export function loadedItem(pool: readonly PoolItem[], variants: FingerprintVariants, i: number, timing: { start: number; spacing: number }) {
  const variant = Math.floor(i / pool.length);
  const item = pool[i % pool.length]!;
  return variants.derive(item, variant, { providerItemId: `v${variant}-${item.article.providerItemId}`, storyId: `v${variant}-${item.storyId}`, versionCreated: Math.round(timing.start + i * timing.spacing) });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface LookupFigures {
  items: number;
  p50: number;
  p99: number;
  max: number;
  candidates: number;
}

/**
 * Times each probe's lookup by each index, one lookup at a time, the indexes taking turns on each
 * probe (in alternating order) so that a busy machine weighs on all of them alike.
 */
async function measureLookups(indexes: readonly StoredCandidateIndex[], probes: readonly Fingerprint[], items: number): Promise<LookupFigures[]> {
  const times = indexes.map((): number[] => []);
  const candidates = indexes.map((): number[] => []);
  for (const [p, fp] of probes.entries()) {
    for (let j = 0; j < indexes.length; j++) {
      const i = p % 2 === 0 ? j : indexes.length - 1 - j;
      const start = process.hrtime.bigint();
      const lookup = await indexes[i]!.lookup(fp);
      times[i]!.push(Number(process.hrtime.bigint() - start) / 1e6);
      candidates[i]!.push(lookup.candidates.length);
    }
  }
  return times.map((list, i) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { items, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)!, candidates: median(candidates[i]!) };
  });
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/** A re-send: the same copy (so the same fingerprint) under a new item id, now. */
const resent = (fp: Fingerprint, id: string, at: number): Fingerprint => ({ ...fp, item: { ...fp.item, providerItemId: id }, versionCreated: at });

/**
 * Candidate lookup (the router's `lookup`, over the production Redis adapter) with `items` items
 * indexed, against the same lookups with only the pool's real items indexed; Redis memory per indexed
 * item. The pool's generated articles are fingerprinted; the rest are variants of them (see
 * derived-fingerprints.ts), filed by the index's own `add` in pipelines. All of it in a Redis server
 * of the bench's own, without persistence, stopped afterwards. Probes are fresh reports (generated
 * apart, fingerprinted) and re-sends of loaded items, timed one at a time.
 */
export async function dedupeScaleBench(options: { items: number; probes: number; poolSize?: number; log?: (line: string) => void }): Promise<{ rows: BenchRow[]; memoryPerItem: number; loadSeconds: number }> {
  const server = await startScratchRedis();
  const redis = new Redis(server.url);
  try {
    return await measureAtScale(redis, options);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

async function measureAtScale(redis: Redis, options: { items: number; probes: number; poolSize?: number; log?: (line: string) => void }) {
  const log = options.log ?? (() => undefined);
  const poolSize = Math.min(options.items, options.poolSize ?? POOL_SIZE);
  const variantsCount = Math.ceil(options.items / poolSize);
  const timing = { start: Date.UTC(2026, 10, 1), spacing: (DEFAULT_DEDUPE_INDEX_OPTIONS.windowMs * 0.9) / options.items };
  const end = Math.round(timing.start + options.items * timing.spacing);
  const indexOptions = { ...DEFAULT_DEDUPE_INDEX_OPTIONS, namespace: 'bench' };
  const storage = new BulkLoadStorage(new IndexCommits(redis, indexOptions.namespace));
  const loader = new StoredCandidateIndex(storage, indexOptions);
  const readerStorage = new RedisIndexStorage(redis, new IndexCommits(redis, indexOptions.namespace));
  const reader = new StoredCandidateIndex(readerStorage, indexOptions);
  // The lookup before candidates found through LSH buckets were capped: every item in the buckets fetched and parsed.
  const uncapped = new StoredCandidateIndex(readerStorage, { ...indexOptions, maxBandCandidates: Number.POSITIVE_INFINITY });

  const poolStart = process.hrtime.bigint();
  const pool = fingerprintPool(poolArticles(poolSize));
  const poolSeconds = Number(process.hrtime.bigint() - poolStart) / 1e9;
  log(`dedupe index: ${poolSize.toLocaleString('en-US')} pool items fingerprinted in ${poolSeconds.toFixed(0)} s`);
  const fresh = generateWireStream(options.probes, PROBE_SEED).articles.map((article) => fingerprintArticle({ ...article, providerItemId: `probe-${article.providerItemId}`, versioncreated: end }));
  const variants = new FingerprintVariants();
  const memoryBefore = await usedMemory(redis);
  const loadStart = process.hrtime.bigint();
  let first: LookupFigures | undefined;
  const resends: Fingerprint[] = [];
  for (let i = 0; i < options.items; i++) {
    const { article, storyId, fingerprint } = loadedItem(pool, variants, i, timing);
    await loader.add(storyId, fingerprint, { article });
    const variant = Math.floor(i / poolSize);
    const k = i % poolSize;
    // Re-sends of every variant loaded, spread over it.
    if (k % Math.floor(poolSize / Math.ceil(options.probes / 2 / variantsCount)) === 0) resends.push(resent(fingerprint, `resend-${i}`, end));
    if (k === poolSize - 1 || i === options.items - 1) {
      await storage.flush(true);
      log(`dedupe index: ${(i + 1).toLocaleString('en-US')} items loaded`);
      if (variant === 0) [first] = await measureLookups([reader], [...fresh, ...resends], i + 1);
    }
  }
  const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
  const memoryPerItem = ((await usedMemory(redis)) - memoryBefore) / options.items;
  const [full, all] = (await measureLookups([reader, uncapped], [...fresh, ...resends.slice(0, options.probes)], options.items)) as [LookupFigures, LookupFigures];
  const at1 = first!;
  const items = (n: number) => n.toLocaleString('en-US');
  const note = `${items(full.items)} items: ${items(poolSize)} generated articles fingerprinted (seeded, ${poolSeconds.toFixed(0)} s), ${variantsCount - 1} seeded variant(s) of each (derived-fingerprints.ts), filed by the index's own add through the production commit script, not awaited one by one, in ${loadSeconds.toFixed(0)} s, in a Redis server of the bench's own without persistence; ${fresh.length} fresh reports and ${Math.min(resends.length, options.probes)} re-sends looked up one at a time; median candidates per lookup ${full.candidates} (at ${items(at1.items)}: ${at1.candidates}); max ${full.max.toFixed(1)} ms; Redis memory ${Math.round(memoryPerItem).toLocaleString('en-US')} B per item (INFO used_memory)`;
  return {
    rows: [
      { name: `dedupe lookup p50, ${items(full.items)} items`, ours: { label: `${items(full.items)} items indexed`, value: full.p50 }, baseline: { label: `${items(at1.items)} items indexed`, value: at1.p50 }, unit: 'ms', note },
      { name: `dedupe lookup p99, ${items(full.items)} items`, ours: { label: `${items(full.items)} items indexed`, value: full.p99 }, baseline: { label: `${items(at1.items)} items indexed`, value: at1.p99 }, unit: 'ms' },
      { name: `dedupe lookup p50, band cap`, ours: { label: `≤ ${indexOptions.maxBandCandidates} from LSH buckets`, value: full.p50 }, baseline: { label: 'all in the LSH buckets', value: all.p50 }, unit: 'ms', note: `${items(full.items)} items indexed, the same probes, each looked up by both in turn; median candidates ${full.candidates} vs ${all.candidates}; max ${full.max.toFixed(1)} vs ${all.max.toFixed(1)} ms` },
      { name: `dedupe lookup p99, band cap`, ours: { label: `≤ ${indexOptions.maxBandCandidates} from LSH buckets`, value: full.p99 }, baseline: { label: 'all in the LSH buckets', value: all.p99 }, unit: 'ms' },
    ] satisfies BenchRow[],
    memoryPerItem,
    loadSeconds,
  };
}
