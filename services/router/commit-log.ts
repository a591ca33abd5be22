import type { ChainableCommander, Redis } from 'ioredis';

// Numbers the commit and keeps the keys it wrote, newest first, at most ARGV[2] commits.
const APPEND = `
local seq = redis.call('INCR', KEYS[1])
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
return seq`;

// The keys written by the commits numbered after ARGV[1], or -1 when the log no longer holds them all.
const WRITTEN_SINCE = `
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local since = tonumber(ARGV[1])
local count = seq - since
if count < 0 or count > redis.call('LLEN', KEYS[2]) then return -1 end
if count == 0 then return {} end
return redis.call('LRANGE', KEYS[2], 0, count - 1)`;

/** What was written since a point in the log: some keys, or more than the log remembers. */
export type WrittenSince = { readonly kind: 'keys'; readonly keys: ReadonlySet<string> } | { readonly kind: 'unknown' };

/**
 * The keys each commit of the dedupe index wrote, numbered, in Redis beside the index (same hash tag).
 * A reader notes the number before it reads and asks later which keys changed since: a value it read
 * of any other key is still the value in Redis. Bounded to the last `keep` commits.
 */
export class CommitLog {
  readonly #redis: Redis;
  readonly #seqKey: string;
  readonly #logKey: string;
  readonly #keep: number;

  constructor(redis: Redis, namespace: string, keep = 512) {
    this.#redis = redis;
    this.#seqKey = `dd:{${namespace}}:commit-seq`;
    this.#logKey = `dd:{${namespace}}:commit-log`;
    this.#keep = keep;
  }

  /** Appends the commit's keys to the transaction that makes it, so that both happen or neither. */
  appendTo(tx: ChainableCommander, keys: readonly string[]): void {
    tx.eval(APPEND, 2, this.#seqKey, this.#logKey, JSON.stringify(keys), String(this.#keep));
  }

  async position(): Promise<number> {
    return Number((await this.#redis.get(this.#seqKey)) ?? 0);
  }

  async writtenSince(position: number): Promise<WrittenSince> {
    const answer = (await this.#redis.eval(WRITTEN_SINCE, 2, this.#seqKey, this.#logKey, String(position))) as string[] | number;
    if (typeof answer === 'number') return { kind: 'unknown' };
    return { kind: 'keys', keys: new Set(answer.flatMap((entry) => JSON.parse(entry) as string[])) };
  }
}
