import type { Redis } from 'ioredis';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DedupeArticle } from '../dedupe/fingerprint.ts';
import { fingerprintArticle } from '../dedupe/fingerprint.ts';
import type { IndexStorage, ScoredMember, StorageWrite } from '../dedupe/index-storage.ts';
import { StoredCandidateIndex } from '../dedupe/stored-candidate-index.ts';
import { DEFAULT_DEDUPE_INDEX_OPTIONS, dedupeIndexKeys } from '../dedupe/stored-index-layout.ts';
import { RedisIndexStorage } from '../router/redis-index-storage.ts';
import { IndexCommits } from '../router/index-commit.ts';
import { unlinkMatching } from '../shared/redis/unlink-matching.ts';
import { median, type BenchRow } from './measure.ts';
import { generateWireStream } from './wire-stream.ts';
import type { FingerprintedItem, LoadReply, LoadRequest, LoadTiming } from './dedupe-load-worker.ts';
import { CHUNK, loadTime } from './dedupe-load-worker.ts';

const WORKER = fileURLToPath(new URL('./dedupe-load-worker.ts', import.meta.url));

/**
 * Fingerprints the load's chunks in child processes (one fewer than the cores, at least one), each a
 * chunk ahead of the parent, which files them in order: fingerprinting is most of a load's CPU.
 */
class ChunkFingerprinters {
  readonly #children: ChildProcess[];
  readonly #pending = new Map<number, Promise<FingerprintedItem[]>>();
  readonly #timing: LoadTiming;
  readonly #chunks: number;

  constructor(chunks: number, timing: LoadTiming) {
    this.#timing = timing;
    this.#chunks = chunks;
    const count = Math.max(1, Math.min(chunks, availableParallelism() - 1));
    this.#children = Array.from({ length: count }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    for (let c = 0; c < count; c++) this.#request(c);
  }

  /** Chunk `c`'s items with their fingerprints; asks for chunk `c + children` meanwhile. */
  async chunk(c: number): Promise<FingerprintedItem[]> {
    const items = await this.#pending.get(c)!;
    this.#pending.delete(c);
    if (c + this.#children.length < this.#chunks) this.#request(c + this.#children.length);
    return items;
  }

  close(): void {
    for (const child of this.#children) child.disconnect();
  }

  #request(c: number): void {
    const child = this.#children[c % this.#children.length]!;
    const items = new Promise<FingerprintedItem[]>((resolve, reject) => {
      const onMessage = (reply: LoadReply) => {
        if (reply.chunk !== c) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(reply.items);
      };
      const onExit = (code: number | null) => reject(new Error(`fingerprinting process exited with ${code} before chunk ${c}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    items.catch(() => undefined);
    this.#pending.set(c, items);
    child.send({ type: 'chunk', chunk: c, timing: this.#timing } satisfies LoadRequest);
  }
}

/**
 * The index's storage port for a bulk load: the index's own `add` decides every write, which goes to
 * Redis in large pipelines instead of one MULTI per item. Reads `add` makes are answered from what the
 * load itself wrote (it starts from an empty namespace and none of its items leaves the window): the
 * newest time, document frequencies, and the stories, items and fingerprints of the chunk being loaded.
 */
class BulkLoadStorage implements IndexStorage {
  readonly #redis: Redis;
  readonly #values = new Map<string, unknown>();
  readonly #counts = new Map<string, number>();
  /** df deltas and posting trims of what is queued, sent once per key and field at the flush: the same end state in far fewer commands */
  readonly #deltas = new Map<string, Map<string, number>>();
  readonly #trims = new Map<string, number>();
  #pipeline: ReturnType<Redis['pipeline']>;
  #queued = 0;

  constructor(redis: Redis) {
    this.#redis = redis;
    this.#pipeline = redis.pipeline();
  }

  getValues(keys: readonly string[]): Promise<unknown[]> {
    return Promise.resolve(keys.map((key) => this.#values.get(key) ?? null));
  }

  range(): Promise<readonly ScoredMember[]> {
    return Promise.resolve([]);
  }

  newest(): Promise<readonly ScoredMember[]> {
    return Promise.resolve([]);
  }

  getCounts(_key: string, fields: readonly string[]): Promise<number[]> {
    return Promise.resolve(fields.map((field) => this.#counts.get(field) ?? 0));
  }

  async commit(writes: readonly StorageWrite[]): Promise<void> {
    const p = this.#pipeline;
    for (const write of writes) {
      switch (write.op) {
        case 'set':
          // What `add` reads back (stories, fingerprints and item mappings of this chunk, the newest time); not payloads.
          if (!write.key.includes(':payload:')) this.#values.set(write.key, write.value);
          p.set(write.key, JSON.stringify(write.value), 'PX', write.ttlMs);
          break;
        case 'set-max': {
          // One loader writes the bulk load, so the highest time it has set is the stored one.
          const stored = this.#values.get(write.key);
          if (typeof stored === 'number' && stored >= write.value) break;
          this.#values.set(write.key, write.value);
          p.set(write.key, JSON.stringify(write.value), 'PX', write.ttlMs);
          break;
        }
        case 'delete':
          this.#values.delete(write.key);
          p.del(write.key);
          break;
        case 'sorted-add':
          p.zadd(write.key, write.score, write.member);
          break;
        case 'sorted-remove':
          p.zrem(write.key, write.member);
          break;
        case 'sorted-trim':
          this.#trims.set(write.key, write.keep);
          break;
        case 'count': {
          const deltas = this.#deltas.get(write.key) ?? new Map<string, number>();
          for (const [field, delta] of Object.entries(write.deltas)) {
            this.#counts.set(field, (this.#counts.get(field) ?? 0) + delta);
            deltas.set(field, (deltas.get(field) ?? 0) + delta);
          }
          this.#deltas.set(write.key, deltas);
          break;
        }
        default: {
          const unreachable: never = write;
          throw new Error(`unknown storage write ${JSON.stringify(unreachable)}`);
        }
      }
    }
    if (++this.#queued >= 500) await this.flush();
  }

  /** Sends what is queued; at the end of a chunk forgets its values but the newest time (no later item is one of its items or stories). */
  async flush(endOfChunk = false): Promise<void> {
    // Postings are only added during the load, so trimming once after the adds keeps the same newest members.
    for (const [key, keep] of this.#trims) this.#pipeline.zremrangebyrank(key, 0, -(keep + 1));
    for (const [key, deltas] of this.#deltas) {
      const args = [...deltas].flatMap(([field, delta]) => [field, String(delta)]);
      for (let i = 0; i < args.length; i += 2000) this.#pipeline.eval(COUNT_SCRIPT, 1, key, ...args.slice(i, i + 2000));
    }
    this.#trims.clear();
    this.#deltas.clear();
    const results = await this.#pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed) throw failed[0]!;
    this.#pipeline = this.#redis.pipeline();
    this.#queued = 0;
    if (endOfChunk) for (const key of [...this.#values.keys()]) if (!key.endsWith(':newest')) this.#values.delete(key);
  }
}

// HINCRBY over field/delta pairs in one command (as the Redis adapter's count script, without its removals: the load only adds).
const COUNT_SCRIPT = `
for i = 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 0`;

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

async function measureLookups(index: StoredCandidateIndex, probes: readonly DedupeArticle[], items: number): Promise<LookupFigures> {
  const times: number[] = [];
  const candidates: number[] = [];
  for (const article of probes) {
    const fp = fingerprintArticle(article);
    const start = process.hrtime.bigint();
    const lookup = await index.lookup(fp);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    candidates.push(lookup.candidates.length);
  }
  times.sort((a, b) => a - b);
  return { items, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)!, candidates: median(candidates) };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/**
 * Candidate lookup (the router's `lookup`, over the production Redis adapter) with `items` generated
 * items indexed, against the same lookups when the first chunk was loaded; Redis memory per indexed
 * item. Items are fingerprinted and filed by the index's own `add`, bulk-loaded in pipelines, in a
 * namespace of their own that is deleted afterwards. Probes are fresh reports (a chunk never loaded)
 * and re-sends of loaded items, timed one at a time.
 */
export async function dedupeScaleBench(redis: Redis, options: { items: number; probes: number; log?: (line: string) => void }): Promise<{ rows: BenchRow[]; memoryPerItem: number; loadSeconds: number }> {
  const namespace = `bench${randomBytes(3).toString('hex')}`;
  const chunks = Math.ceil(options.items / CHUNK);
  const spacing = (DEFAULT_DEDUPE_INDEX_OPTIONS.windowMs * 0.9) / (chunks * CHUNK);
  const start = Date.UTC(2026, 10, 1);
  const timing: LoadTiming = { start, spacing };
  const at = (i: number) => loadTime(timing, i);
  const indexOptions = { ...DEFAULT_DEDUPE_INDEX_OPTIONS, namespace };
  const storage = new BulkLoadStorage(redis);
  const loader = new StoredCandidateIndex(storage, indexOptions);
  const reader = new StoredCandidateIndex(new RedisIndexStorage(redis, new IndexCommits(redis, namespace)), indexOptions);
  const fresh = generateWireStream(options.probes, 777).articles.map((article) => ({ ...article, providerItemId: `probe-${article.providerItemId}`, versioncreated: at(chunks * CHUNK) }));
  const memoryBefore = await usedMemory(redis);
  const loadStart = process.hrtime.bigint();
  let first: LookupFigures | null = null;
  const resends: DedupeArticle[] = [];
  const fingerprinters = new ChunkFingerprinters(chunks, timing);
  try {
    for (let c = 0; c < chunks; c++) {
      const chunk = await fingerprinters.chunk(c);
      for (const { article, storyId, fingerprint } of chunk) await loader.add(storyId, fingerprint, { article });
      await storage.flush(true);
      // Re-sends: the same copy under a new item id, from every chunk loaded.
      for (let k = 0; k < Math.ceil(options.probes / 2 / chunks); k++) {
        const { article } = chunk[(k * 7919) % chunk.length]!;
        resends.push({ ...article, providerItemId: `resend-${c}-${k}`, versioncreated: at(chunks * CHUNK) });
      }
      options.log?.(`dedupe index: ${((c + 1) * CHUNK).toLocaleString('en-US')} items loaded`);
      if (c === 0) first = await measureLookups(reader, [...fresh, ...resends], CHUNK);
    }
    const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
    const memoryPerItem = ((await usedMemory(redis)) - memoryBefore) / (chunks * CHUNK);
    const full = await measureLookups(reader, [...fresh, ...resends.slice(0, options.probes)], chunks * CHUNK);
    const at1 = first!;
    const note = `${full.items.toLocaleString('en-US')} generated items (seeded, ${chunks} chunks of ${CHUNK.toLocaleString('en-US')}) bulk-loaded by the index's own add in ${loadSeconds.toFixed(0)} s; ${options.probes} fresh reports and re-sends looked up one at a time; median candidates per lookup ${full.candidates} (at ${at1.items.toLocaleString('en-US')}: ${at1.candidates}); max ${full.max.toFixed(1)} ms; Redis memory ${Math.round(memoryPerItem).toLocaleString('en-US')} B per item (INFO used_memory)`;
    return {
      rows: [
        { name: `dedupe lookup p50, ${full.items.toLocaleString('en-US')} items`, ours: { label: `${full.items.toLocaleString('en-US')} items indexed`, value: full.p50 }, baseline: { label: `${at1.items.toLocaleString('en-US')} items indexed`, value: at1.p50 }, unit: 'ms', note },
        { name: `dedupe lookup p99, ${full.items.toLocaleString('en-US')} items`, ours: { label: `${full.items.toLocaleString('en-US')} items indexed`, value: full.p99 }, baseline: { label: `${at1.items.toLocaleString('en-US')} items indexed`, value: at1.p99 }, unit: 'ms' },
      ],
      memoryPerItem,
      loadSeconds,
    };
  } finally {
    fingerprinters.close();
    await deleteNamespace(redis, namespace);
  }
}

async function deleteNamespace(redis: Redis, namespace: string): Promise<void> {
  await unlinkMatching(redis, `${dedupeIndexKeys(namespace).df.split('}')[0]}}*`);
}
