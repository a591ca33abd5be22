import type { Redis } from 'ioredis';
import type { StoryFacets, StoryUpdate } from '../contracts/types.generated.ts';
import { feedKeys } from './index-keys.ts';
import { FEED_START, advanced, feedEntryId, firstIdFrom, nextOffset, offsetOfEntryId, type FeedPosition } from './feed-position.ts';

/** How long the change feed keeps entries, by the time of the event that made them. */
export const FEED_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** One change as the feed holds it: where its event sits in story.events.v1, and the update. */
export interface FeedEntry {
  readonly partition: number;
  readonly offset: number;
  /** The event's time (the update's occurredAt): the order entries of different partitions are merged in. */
  readonly at: number;
  readonly update: StoryUpdate;
  readonly facets: StoryFacets | null;
}

export interface FeedAppend {
  readonly partition: number;
  readonly offset: string;
  readonly updateId: string;
  readonly update: string;
  readonly facets: string;
  readonly at: number;
}

/**
 * Appends once by id (a re-applied event finds its offset taken, even after a trim, since a stream
 * never accepts an id at or below its last one; -1 when the entry is missing but the stream has moved
 * past it, which only a stale owner of the partition appending ahead of the new one can cause), then trims what the retention let go, a bounded
 * number per append, recording the highest offset trimmed so an older position reads as expired.
 */
const APPEND = `
redis.call('SADD', KEYS[2], ARGV[2])
local added = redis.pcall('XADD', KEYS[1], ARGV[1], 'updateId', ARGV[4], 'update', ARGV[5], 'facets', ARGV[6], 'at', ARGV[7])
if type(added) == 'table' and added.err then
  if not string.find(added.err, 'equal or smaller', 1, true) then return redis.error_reply(added.err) end
  if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) > 0 then return 0 end
  local trimmed = tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '-1')
  if tonumber(string.match(ARGV[1], '^(%d+)')) <= trimmed then return 0 end
  return -1
end
local cutoff = tonumber(ARGV[3])
local gone = {}
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 64)) do
  local at = cutoff
  for i = 1, #entry[2], 2 do if entry[2][i] == 'at' then at = tonumber(entry[2][i + 1]) end end
  if at >= cutoff then break end
  table.insert(gone, entry[1])
end
if #gone > 0 then
  redis.call('XDEL', KEYS[1], unpack(gone))
  local offset = tonumber(string.match(gone[#gone], '^(%d+)'))
  local before = tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '-1')
  if offset > before then redis.call('HSET', KEYS[3], ARGV[2], string.match(gone[#gone], '^(%d+)')) end
end
return 1
`;

/** `passed`: the stream already holds a later offset of the partition, so this entry can no longer go in. */
export type FeedAppendOutcome = 'appended' | 'present' | 'passed';

type FeedRedis = Redis & { slFeedAppend(stream: string, partitions: string, trimmed: string, ...args: string[]): Promise<number> };

type RawEntry = [string, string[]];

function entryOf(partition: number, [id, fields]: RawEntry): FeedEntry {
  const map = new Map<string, string>();
  for (let i = 0; i < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const update = JSON.parse(map.get('update') ?? 'null') as StoryUpdate;
  return { partition, offset: offsetOfEntryId(id), at: Number(map.get('at') ?? update.occurredAt), update, facets: JSON.parse(map.get('facets') ?? 'null') as StoryFacets | null };
}

/** Entries of several partitions, each list in its own order, merged by time (ties by partition). */
export function mergeByTime(lists: ReadonlyArray<readonly FeedEntry[]>, count: number): FeedEntry[] {
  const heads = lists.map(() => 0);
  const merged: FeedEntry[] = [];
  while (merged.length < count) {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      const candidate = lists[i]![heads[i]!];
      if (!candidate) continue;
      const best = pick < 0 ? null : lists[pick]![heads[pick]!]!;
      if (!best || candidate.at < best.at || (candidate.at === best.at && candidate.partition < best.partition)) pick = i;
    }
    if (pick < 0) break;
    merged.push(lists[pick]![heads[pick]!]!);
    heads[pick]!++;
  }
  return merged;
}

/**
 * The change feed in Redis: one stream per partition of story.events.v1, entry id `<offset>-1`,
 * all under one hash tag (a blocking read spans the partitions on Redis Cluster too). Written by the
 * live projection in offset order per partition; read by the feed and SSE routes.
 */
export class FeedLog {
  private readonly redis: FeedRedis;
  private readonly keys: ReturnType<typeof feedKeys>;

  constructor(
    redis: Redis,
    root?: string,
    private readonly retentionMs: number = FEED_RETENTION_MS,
  ) {
    if (!('slFeedAppend' in redis)) redis.defineCommand('slFeedAppend', { numberOfKeys: 3, lua: APPEND });
    this.redis = redis as FeedRedis;
    this.keys = feedKeys(root);
  }

  stream(partition: number): string {
    return this.keys.stream(partition);
  }

  /** Appends the change made by the event at (partition, offset) once. */
  async append(entry: FeedAppend, now: number): Promise<FeedAppendOutcome> {
    const added = await this.redis.slFeedAppend(this.stream(entry.partition), this.keys.partitions, this.keys.trimmed, feedEntryId(Number(entry.offset)), String(entry.partition), String(now - this.retentionMs), entry.updateId, entry.update, entry.facets, String(entry.at));
    return added === 1 ? 'appended' : added === 0 ? 'present' : 'passed';
  }

  async partitions(): Promise<number[]> {
    return (await this.redis.smembers(this.keys.partitions)).map(Number).sort((a, b) => a - b);
  }

  /** Up to `count` entries at or after the position, merged across partitions by time. */
  async read(after: FeedPosition, count: number): Promise<FeedEntry[]> {
    const partitions = await this.partitions();
    if (partitions.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const p of partitions) pipeline.xrange(this.stream(p), firstIdFrom(after, p), '+', 'COUNT', count);
    const lists = ((await pipeline.exec()) ?? []).map(([error, raw], i) => {
      if (error) throw error;
      return (raw as RawEntry[]).map((entry) => entryOf(partitions[i]!, entry));
    });
    return mergeByTime(lists, count);
  }

  /** Blocks (on a connection of its own) until entries past the position arrive, or `blockMs` passes. */
  async readBlocking(connection: Redis, after: FeedPosition, count: number, blockMs: number): Promise<FeedEntry[]> {
    const partitions = await this.partitions();
    if (partitions.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, blockMs));
      return [];
    }
    // XREAD returns ids above the one given: `<next>-0` lets the entry at the next offset through.
    const partitionOf = new Map(partitions.map((p) => [this.stream(p), p]));
    const result = await connection.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', ...partitionOf.keys(), ...partitions.map((p) => firstIdFrom(after, p)));
    const lists = (result ?? []).map(([key, raw]) => raw.map((entry) => entryOf(partitionOf.get(key)!, entry)));
    return mergeByTime(lists, Number.POSITIVE_INFINITY);
  }

  /** Where a reader without a position starts: the oldest entry kept in every partition. */
  async oldestKept(): Promise<FeedPosition> {
    const trimmed = await this.redis.hgetall(this.keys.trimmed);
    let position = FEED_START;
    for (const [partition, offset] of Object.entries(trimmed)) position = advanced(position, Number(partition), Number(offset));
    return position;
  }

  /** Whether entries at or after the position were trimmed (the oldest kept is past it): a reader there has lost them. */
  async expired(position: FeedPosition): Promise<boolean> {
    return (await this.oldestKept()).some((next, partition) => next > nextOffset(position, partition));
  }

  /** The offset of the newest entry of each partition that has one. */
  private async newestOffsets(partitions: readonly number[]): Promise<Map<number, number>> {
    const pipeline = this.redis.pipeline();
    for (const p of partitions) pipeline.xrevrange(this.stream(p), '+', '-', 'COUNT', 1);
    const newest = new Map<number, number>();
    ((await pipeline.exec()) ?? []).forEach(([error, raw], i) => {
      if (error) throw error;
      const [last] = raw as RawEntry[];
      if (last) newest.set(partitions[i]!, offsetOfEntryId(last[0]));
    });
    return newest;
  }

  /** The position after the newest entry of every partition: a live reader's start. */
  async latest(): Promise<FeedPosition> {
    let position = FEED_START;
    for (const [p, offset] of await this.newestOffsets(await this.partitions())) position = advanced(position, p, offset);
    return position;
  }

  /**
   * The position of the first entry, per partition, whose event time is at or after `time`:
   * a binary search over offsets (entries come in time order within a partition, near enough).
   */
  async positionAt(time: number): Promise<FeedPosition> {
    let position = await this.oldestKept();
    const partitions = await this.partitions();
    const newest = await this.newestOffsets(partitions);
    for (const p of partitions) {
      const firstAt = async (fromOffset: number): Promise<FeedEntry | null> => {
        const [raw] = (await this.redis.xrange(this.stream(p), `${fromOffset}-0`, '+', 'COUNT', 1)) as RawEntry[];
        return raw ? entryOf(p, raw) : null;
      };
      const first = await firstAt(nextOffset(position, p));
      const last = newest.get(p);
      if (!first || last === undefined) continue;
      let low = first.offset;
      let high = last + 1;
      while (low < high) {
        const middle = Math.floor((low + high) / 2);
        const entry = await firstAt(middle);
        if (!entry || entry.at >= time) high = middle;
        else low = entry.offset + 1;
      }
      position = advanced(position, p, low - 1);
    }
    return position;
  }
}
