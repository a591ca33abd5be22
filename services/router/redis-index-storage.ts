import type { Redis } from 'ioredis';
import { storedDedupeIndex, type DedupeIndex } from '../dedupe/dedupe-index.ts';
import type { IndexStorage, ScoredMember, StorageWrite } from '../dedupe/index-storage.ts';
import type { DedupeIndexOptions } from '../dedupe/stored-index-layout.ts';
import { DEFAULT_DEDUPE_INDEX_OPTIONS, dedupeIndexKeys, readWithoutCondition } from '../dedupe/stored-index-layout.ts';
import { IndexCommits } from './index-commit.ts';
import { ConditionalStorage } from './conditional-storage.ts';

/**
 * The dedupe index's storage port in Redis. Reads issued together share one round trip (ioredis
 * writes them back to back on one connection); a commit is one script run (`IndexCommits`), so a
 * crash never leaves half an item indexed. All keys carry the index's hash tag, as a script in a
 * cluster requires.
 */
export class RedisIndexStorage implements IndexStorage {
  readonly #redis: Redis;
  readonly #commits: IndexCommits;

  constructor(redis: Redis, commits: IndexCommits) {
    this.#redis = redis;
    this.#commits = commits;
  }

  async getValues(keys: readonly string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const values = await this.#redis.mget(...keys);
    return values.map((v) => (v === null ? null : (JSON.parse(v) as unknown)));
  }

  async range(key: string, below?: number): Promise<ScoredMember[]> {
    const flat = await this.#redis.zrangebyscore(key, '-inf', below === undefined ? '+inf' : `(${below}`, 'WITHSCORES');
    return scored(flat);
  }

  async newest(key: string, count: number): Promise<ScoredMember[]> {
    return scored(await this.#redis.zrange(key, -count, -1, 'WITHSCORES'));
  }

  async getCounts(key: string, fields: readonly string[]): Promise<number[]> {
    if (fields.length === 0) return [];
    const values = await this.#redis.hmget(key, ...fields);
    return values.map((v) => (v === null ? 0 : Number(v)));
  }

  async commit(writes: readonly StorageWrite[]): Promise<void> {
    await this.#commits.commit(writes);
  }
}

function scored(flat: readonly string[]): ScoredMember[] {
  const members: ScoredMember[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) members.push({ member: flat[i]!, score: Number(flat[i + 1]) });
  return members;
}

/**
 * The dedupe index as routers use it. Read and written directly (regroupings carried out, the sweep,
 * a router under the global lock), or one routing step at a time (`step`): an index whose reads are
 * noted and whose commit applies only if no other commit has written any of them since the step
 * began, so that routers need no lock between them (see `ConditionalStorage`).
 */
export interface RouterIndex extends DedupeIndex {
  step(): Promise<DedupeIndex>;
}

/** The production dedupe index: the shared index logic over Redis. */
export function redisDedupeIndex(redis: Redis, options: Partial<DedupeIndexOptions> = {}): RouterIndex {
  const namespace = options.namespace ?? DEFAULT_DEDUPE_INDEX_OPTIONS.namespace;
  const commits = new IndexCommits(redis, namespace);
  const storage = new RedisIndexStorage(redis, commits);
  const unconditional = new Set(readWithoutCondition(dedupeIndexKeys(namespace)));
  return {
    ...storedDedupeIndex(storage, options),
    async step() {
      return storedDedupeIndex(new ConditionalStorage(storage, commits, await commits.position(), unconditional), options);
    },
  };
}
