import type { Redis } from 'ioredis';
import { storedDedupeIndex, type DedupeIndex } from '../dedupe/dedupe-index.ts';
import type { IndexStorage, ScoredMember, StorageWrite } from '../dedupe/index-storage.ts';
import type { DedupeIndexOptions } from '../dedupe/stored-index-layout.ts';
import { DEFAULT_DEDUPE_INDEX_OPTIONS } from '../dedupe/stored-index-layout.ts';
import { retriable } from '../shared/errors.ts';
import { CommitLog } from './commit-log.ts';
import type { RoutingIndex } from './routing-index.ts';
import { RehearsedReads } from './rehearsed-reads.ts';

// HINCRBY over field/delta pairs, dropping fields that fall to zero, as the in-process store does.
const COUNT_SCRIPT = `
for i = 1, #ARGV, 2 do
  if redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) <= 0 then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0`;

/**
 * The dedupe index's storage port in Redis. Reads issued together share one round trip (ioredis
 * writes them back to back on one connection); an `add` commits in one MULTI/EXEC, so a crash never
 * leaves half an item indexed. All keys carry the index's hash tag, as MULTI in a cluster requires.
 * With a commit log, each commit also records the keys it wrote, in the same transaction.
 */
export class RedisIndexStorage implements IndexStorage {
  readonly #redis: Redis;
  readonly #log: CommitLog | undefined;

  constructor(redis: Redis, log?: CommitLog) {
    this.#redis = redis;
    this.#log = log;
  }

  async getValues(keys: readonly string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const values = await this.#redis.mget(...keys);
    return values.map((v) => (v === null ? null : (JSON.parse(v) as unknown)));
  }

  async range(key: string, below?: number): Promise<ScoredMember[]> {
    const flat = await this.#redis.zrangebyscore(key, '-inf', below === undefined ? '+inf' : `(${below}`, 'WITHSCORES');
    const members: ScoredMember[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) members.push({ member: flat[i]!, score: Number(flat[i + 1]) });
    return members;
  }

  async newest(key: string, count: number): Promise<ScoredMember[]> {
    const flat = await this.#redis.zrange(key, -count, -1, 'WITHSCORES');
    const members: ScoredMember[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) members.push({ member: flat[i]!, score: Number(flat[i + 1]) });
    return members;
  }

  async getCounts(key: string, fields: readonly string[]): Promise<number[]> {
    if (fields.length === 0) return [];
    const values = await this.#redis.hmget(key, ...fields);
    return values.map((v) => (v === null ? 0 : Number(v)));
  }

  async commit(writes: readonly StorageWrite[]): Promise<void> {
    const tx = this.#redis.multi();
    const expiries = new Map<string, number>();
    for (const write of writes) {
      switch (write.op) {
        case 'set':
          tx.set(write.key, JSON.stringify(write.value), 'PX', write.ttlMs);
          break;
        case 'delete':
          tx.del(write.key);
          break;
        case 'sorted-add':
          tx.zadd(write.key, write.score, write.member);
          if (write.ttlMs !== undefined) expiries.set(write.key, write.ttlMs);
          break;
        case 'sorted-remove':
          tx.zrem(write.key, write.member);
          break;
        case 'sorted-trim':
          tx.zremrangebyrank(write.key, 0, -(write.keep + 1));
          break;
        case 'count': {
          const args = Object.entries(write.deltas).flatMap(([field, delta]) => [field, String(delta)]);
          if (args.length > 0) tx.eval(COUNT_SCRIPT, 1, write.key, ...args);
          break;
        }
        default: {
          const unreachable: never = write;
          throw new Error(`unknown storage write ${JSON.stringify(unreachable)}`);
        }
      }
    }
    for (const [key, ttlMs] of expiries) tx.pexpire(key, ttlMs);
    this.#log?.appendTo(tx, [...new Set(writes.map((write) => write.key))]);
    const results = await tx.exec();
    const failed = results?.find(([error]) => error !== null);
    if (!results || failed) throw retriable('candidate_index_commit_failed', 'the candidate index commit failed', failed?.[0] ?? 'transaction aborted');
  }
}

/** The production dedupe index: the shared index logic over Redis. */
export function redisDedupeIndex(redis: Redis, options: Partial<DedupeIndexOptions> = {}): DedupeIndex {
  return storedDedupeIndex(new RedisIndexStorage(redis), options);
}

/**
 * The dedupe index for routers that rehearse their lookup outside the lock: each commit also logs the
 * keys it wrote, which a rehearsal needs to know what changed while it waited. Every router on one
 * index must then use this one, or the log misses their commits.
 */
export function rehearsableDedupeIndex(redis: Redis, options: Partial<DedupeIndexOptions> = {}): RoutingIndex {
  const log = new CommitLog(redis, options.namespace ?? DEFAULT_DEDUPE_INDEX_OPTIONS.namespace);
  const storage = new RedisIndexStorage(redis, log);
  return {
    ...storedDedupeIndex(storage, options),
    async rehearse() {
      const position = await log.position();
      const reads = new RehearsedReads(storage);
      return {
        index: storedDedupeIndex(reads.rehearsal(), options),
        reads: reads.counts,
        async underLock() {
          await reads.refresh(await log.writtenSince(position));
          return storedDedupeIndex(reads.locked(), options);
        },
      };
    },
  };
}
