import type { Redis } from 'ioredis';
import type { StorageWrite } from '../dedupe/index-storage.ts';

// One commit of the dedupe index, atomic in Redis. When ARGV[1] (a log position) is given, the commit
// applies only if no commit since that position wrote a key of ARGV[3] (keys its routing read), nor
// ARGV[7] or more keys of ARGV[6] (keys read as a group: salient terms' postings); otherwise it
// returns {-1, the key} ('' when the log no longer reaches back) and changes nothing. It then applies the writes (ARGV[4], keys by their index
// in KEYS), numbers itself and logs the keys it wrote (ARGV[5]), keeping the newest ARGV[2] entries.
// KEYS[1] = the commit counter, KEYS[2] = the log, KEYS[3..] = the keys written.
const COMMIT = `
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[1] ~= '' then
  local count = seq - tonumber(ARGV[1])
  if count < 0 or count > redis.call('LLEN', KEYS[2]) then return {-1, ''} end
  if count > 0 then
    local read, grouped, quorum = {}, {}, tonumber(ARGV[7])
    for _, key in ipairs(cjson.decode(ARGV[3])) do read[key] = true end
    for _, key in ipairs(cjson.decode(ARGV[6])) do grouped[key] = true end
    for _, entry in ipairs(redis.call('LRANGE', KEYS[2], 0, count - 1)) do
      local hits = 0
      for _, key in ipairs(cjson.decode(entry)) do
        if read[key] then return {-1, key} end
        if grouped[key] then
          hits = hits + 1
          if hits >= quorum then return {-1, key} end
        end
      end
    end
  end
end
for _, op in ipairs(cjson.decode(ARGV[4])) do
  local kind, key = op[1], KEYS[op[2]]
  if kind == 'set' then redis.call('SET', key, op[3], 'PX', op[4])
  elseif kind == 'max' then
    local stored = tonumber(redis.call('GET', key) or '')
    if stored == nil or stored < tonumber(op[3]) then redis.call('SET', key, op[3], 'PX', op[4]) end
  elseif kind == 'del' then redis.call('DEL', key)
  elseif kind == 'zadd' then redis.call('ZADD', key, op[3], op[4])
  elseif kind == 'zrem' then redis.call('ZREM', key, op[3])
  elseif kind == 'ztrim' then redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(op[3]) + 1))
  elseif kind == 'count' then
    for i = 3, #op, 2 do
      if redis.call('HINCRBY', key, op[i], op[i + 1]) <= 0 then redis.call('HDEL', key, op[i]) end
    end
  elseif kind == 'expire' then redis.call('PEXPIRE', key, op[3])
  end
end
local numbered = redis.call('INCR', KEYS[1])
redis.call('LPUSH', KEYS[2], ARGV[5])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
return numbered`;

/** A commit refused because another commit wrote, since the routing began, a key the routing read. */
export class CommitConflict extends Error {
  /** the key another commit wrote, '' when the log no longer reaches back to the routing's start */
  readonly key: string;

  constructor(key: string) {
    super(key ? `another router wrote ${key}, which this routing read; route it again` : 'the commit log no longer reaches back to this routing’s start; route it again');
    this.name = 'CommitConflict';
    this.key = key;
  }
}

/**
 * What a commit checks before it applies: that no commit after `position` wrote one of `readKeys`, nor
 * `quorum` or more of `groupKeys`.
 */
export interface CommitCondition {
  position: number;
  readKeys: readonly string[];
  groupKeys: readonly string[];
  quorum: number;
}

/**
 * The dedupe index's commits in Redis: each is one script run, so a crash never leaves half an item
 * indexed, and each is numbered and logged with the keys it wrote (beside the index, same hash tag).
 * A router that routes without a lock notes the log's position before it reads and commits on the
 * condition that nothing it read was written since; the log keeps the last `keep` commits, and a
 * routing that took longer than those is simply refused.
 */
type WithIndexCommit = Redis & {
  /** the commit script, its key count given first: the script is sent once, then called by its digest */
  slIndexCommit(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number | [number, string]>;
};

export class IndexCommits {
  readonly #redis: WithIndexCommit;
  readonly #seqKey: string;
  readonly #logKey: string;
  readonly #keep: number;

  constructor(redis: Redis, namespace: string, keep = 512) {
    if (!('slIndexCommit' in redis)) redis.defineCommand('slIndexCommit', { lua: COMMIT });
    this.#redis = redis as WithIndexCommit;
    this.#seqKey = `dd:{${namespace}}:commit-seq`;
    this.#logKey = `dd:{${namespace}}:commit-log`;
    this.#keep = keep;
  }

  async position(): Promise<number> {
    return Number((await this.#redis.get(this.#seqKey)) ?? 0);
  }

  /** Applies the writes, in order, all or none; with a condition, only if it holds (else `CommitConflict`). Returns the commit's number. */
  async commit(writes: readonly StorageWrite[], condition?: CommitCondition): Promise<number> {
    const { keys, ops } = encodeWrites(writes);
    const answer = await this.#redis.slIndexCommit(
      2 + keys.length,
      this.#seqKey,
      this.#logKey,
      ...keys,
      condition ? String(condition.position) : '',
      String(this.#keep),
      JSON.stringify(condition?.readKeys ?? []),
      JSON.stringify(ops),
      JSON.stringify(keys),
      JSON.stringify(condition?.groupKeys ?? []),
      String(condition?.quorum ?? 1),
    );
    if (Array.isArray(answer)) throw new CommitConflict(answer[1]);
    return answer;
  }
}

type EncodedOp = [string, number, ...string[]];

/** The writes as the script's operations, each naming its key by its position in KEYS (from 3). */
export function encodeWrites(writes: readonly StorageWrite[]): { keys: string[]; ops: EncodedOp[] } {
  const keys: string[] = [];
  const position = new Map<string, number>();
  const slot = (key: string): number => {
    let at = position.get(key);
    if (at === undefined) {
      keys.push(key);
      at = keys.length + 2;
      position.set(key, at);
    }
    return at;
  };
  const ops: EncodedOp[] = [];
  const expiries = new Map<string, number>();
  for (const write of writes) {
    const key = slot(write.key);
    switch (write.op) {
      case 'set':
        ops.push(['set', key, JSON.stringify(write.value), String(write.ttlMs)]);
        break;
      case 'set-max':
        ops.push(['max', key, String(write.value), String(write.ttlMs)]);
        break;
      case 'delete':
        ops.push(['del', key]);
        break;
      case 'sorted-add':
        ops.push(['zadd', key, String(write.score), write.member]);
        if (write.ttlMs !== undefined) expiries.set(write.key, write.ttlMs);
        break;
      case 'sorted-remove':
        ops.push(['zrem', key, write.member]);
        break;
      case 'sorted-trim':
        ops.push(['ztrim', key, String(write.keep)]);
        break;
      case 'count': {
        const fields = Object.entries(write.deltas).flatMap(([field, delta]) => [field, String(delta)]);
        if (fields.length > 0) ops.push(['count', key, ...fields]);
        break;
      }
      default: {
        const unreachable: never = write;
        throw new Error(`unknown storage write ${JSON.stringify(unreachable)}`);
      }
    }
  }
  for (const [key, ttlMs] of expiries) ops.push(['expire', slot(key), String(ttlMs)]);
  return { keys, ops };
}
