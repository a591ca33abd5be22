import { activeTraceId, inSpan } from '../shared/tracing/tracing.ts';
import type { Redis } from 'ioredis';
import type { Story, StoryFacets, StoryUpdate } from '../contracts/types.generated.ts';
import type { KillRecord, RecordedStoryEvent } from '../domain/story/index.ts';
import { retriable } from '../shared/errors.ts';
import { ACTIVE, resolveKeys, type ProjectionTarget } from './active-projection.ts';
import { FeedLog } from './feed-log.ts';
import { decodeView, encodeView } from './stored-view.ts';
import type { ProjectionKeys } from './index-keys.ts';
import { storyOfChange, storyUpdateOf } from './story-update.ts';
import { applyEvent, initialView, isPublic, publicStory, type StoryView, type ViewChange } from './story-view.ts';

export type StoryStatus = 'unpublished' | 'published' | 'killed';

export interface SourcePosition {
  readonly partition: number;
  readonly offset: string;
}

/** Index and feed writes recorded with the story write and applied after it (an outbox in the story's slot). */
interface PendingOps {
  readonly seq: number;
  readonly remove: readonly string[];
  readonly add: readonly string[];
  readonly score: number;
  /** The feed entry, keyed by its event's position (absent on operations recorded before positions were). */
  readonly feed: { readonly updateId: string; readonly update: string; readonly facets: string; readonly at?: number; readonly partition?: number; readonly offset?: string } | null;
}

export interface ProjectionOutcome {
  readonly applied: boolean;
  readonly change: ViewChange | null;
}

/**
 * The compare-and-set: lands only if the event is newer than what the story holds and the story was
 * not moved since it was read; a killed story accepts nothing but its own fenced state.
 */
const WRITE_STORY = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if tonumber(ARGV[2]) <= cur then return 0 end
if cur ~= tonumber(ARGV[1]) then return -1 end
if redis.call('HGET', KEYS[1], 'status') == 'killed' and ARGV[5] ~= 'killed' then return -2 end
redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'offset', ARGV[3], 'view', ARGV[4], 'status', ARGV[5], 'indexed', ARGV[8], 'pending', ARGV[9])
if ARGV[6] == '' then redis.call('HDEL', KEYS[1], 'story') else redis.call('HSET', KEYS[1], 'story', ARGV[6]) end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'killed', ARGV[7]) end
if ARGV[5] == 'killed' then redis.call('DEL', KEYS[2]) else
  for i = 10, #ARGV - 1, 2 do if ARGV[i] ~= '' then redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end end
end
return 1
`;

const CLEAR_PENDING = `
if redis.call('HGET', KEYS[1], 'seq') == ARGV[1] then redis.call('HDEL', KEYS[1], 'pending') end
return 1
`;

const ADVANCE_OFFSET = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
`;

type ProjectionRedis = Redis & {
  slWriteStory(story: string, versions: string, ...args: string[]): Promise<number>;
  slClearPending(story: string, seq: string): Promise<number>;
  slAdvanceOffset(key: string, partition: string, offset: string): Promise<number>;
};

function withScripts(redis: Redis): ProjectionRedis {
  if (!('slWriteStory' in redis)) {
    redis.defineCommand('slWriteStory', { numberOfKeys: 2, lua: WRITE_STORY });
    redis.defineCommand('slClearPending', { numberOfKeys: 1, lua: CLEAR_PENDING });
    redis.defineCommand('slAdvanceOffset', { numberOfKeys: 1, lua: ADVANCE_OFFSET });
  }
  return redis as ProjectionRedis;
}

type ProjectionPipeline = ReturnType<Redis['pipeline']> & {
  slWriteStory(story: string, versions: string, ...args: string[]): ProjectionPipeline;
  slClearPending(story: string, seq: string): ProjectionPipeline;
  slAdvanceOffset(key: string, partition: string, offset: string): ProjectionPipeline;
};

/** A pipeline's replies, or its first error (exec resolves even when single commands failed). */
function pipelineValues<T>(results: Array<[Error | null, unknown]> | null): T[] {
  const failed = results?.find(([error]) => error !== null);
  if (failed) throw retriable('projection_write_failed', 'a projection write in a pipeline failed', failed[0]);
  return (results ?? []).map(([, value]) => value as T);
}

export interface PositionedEvent {
  readonly event: RecordedStoryEvent;
  readonly position: SourcePosition;
}

const STORED_FIELDS = ['seq', 'view', 'indexed', 'pending', 'story'] as const;

interface StoredStory {
  readonly storyId: string;
  readonly seq: number;
  readonly view: StoryView | null;
  readonly indexed: readonly string[];
  readonly pending: PendingOps | null;
}

function storedStory(storyId: string, fields: ReadonlyArray<string | null>): StoredStory {
  const [seq, view, indexed, pending, story] = fields;
  return {
    storyId,
    seq: Number(seq ?? 0),
    view: view ? decodeView(view, story ?? null) : null,
    indexed: indexed ? (JSON.parse(indexed) as string[]) : [],
    pending: pending ? (JSON.parse(pending) as PendingOps) : null,
  };
}

/** One story's compare-and-set: the script's arguments after the keys, and what it leaves pending. */
interface FoldedWrite {
  readonly storyId: string;
  readonly args: string[];
  readonly pending: PendingOps;
  readonly changes: readonly ViewChange[];
  readonly events: number;
  readonly fromSeq: number;
  readonly lastEventId: string;
  readonly status: StoryStatus;
}

/**
 * Folds a story's new events (in order; those at or below the stored sequence are redeliveries and
 * skipped) into the write that leaves what applying them one by one leaves: the last view, status,
 * story and kill record, every version published on the way (none once killed), the net index change.
 */
function foldStory(keys: ProjectionKeys, stored: StoredStory, records: readonly PositionedEvent[], appendFeed: boolean): FoldedWrite | null {
  let view = stored.view ?? initialView(stored.storyId);
  let seq = stored.seq;
  let status: StoryStatus | null = null;
  let kill: KillRecord | null = null;
  let position: SourcePosition | null = null;
  let last: RecordedStoryEvent | null = null;
  const versions: string[] = [];
  const changes: ViewChange[] = [];
  let events = 0;
  for (const { event, position: at } of records) {
    if (event.sequence <= seq) continue;
    const applied = applyEvent(view, event);
    const nextStatus = statusOf(applied.view);
    // The kill fence, as the script enforces it against the stored status.
    if (status === 'killed' && nextStatus !== 'killed') throw new Error(`kill fence: story ${event.storyId} is killed but event ${event.eventId} produced status ${nextStatus}`);
    view = applied.view;
    status = nextStatus;
    seq = event.sequence;
    position = at;
    last = event;
    events++;
    if (applied.change) changes.push(applied.change);
    if (applied.change?.kind === 'killed') kill = applied.change.kill;
    // The version keeps the trace that carried it here (from the record's headers), for the console to link to.
    if (applied.change?.kind === 'published') versions.push(String(applied.change.version.version), JSON.stringify({ ...applied.change.version, traceId: activeTraceId() }));
  }
  if (!last || !position || !status) return null;
  const story = publicStory(view);
  const indexed = story ? keys.indexKeysOf(story.facets) : [];
  const change = changes.at(-1) ?? null;
  const update: StoryUpdate | null = appendFeed && change && records.length === 1 ? storyUpdateOf(change, last) : null;
  const pending: PendingOps = {
    seq,
    remove: stored.indexed.filter((k) => !indexed.includes(k)),
    add: indexed,
    score: story?.article.versioncreated ?? 0,
    feed: update && change ? { updateId: update.updateId, update: JSON.stringify(update), facets: JSON.stringify(facetsOf(storyOfChange(change))), at: update.occurredAt, partition: position.partition, offset: position.offset } : null,
  };
  const args = [
    String(stored.seq),
    String(seq),
    `${position.partition}/${position.offset}`,
    encodeView(view, story),
    status,
    story ? JSON.stringify(story) : '',
    kill ? JSON.stringify(kill) : '',
    JSON.stringify(indexed),
    JSON.stringify(pending),
    ...(status === 'killed' ? [] : versions),
  ];
  return { storyId: stored.storyId, args, pending, changes, events, fromSeq: stored.seq, lastEventId: last.eventId, status };
}

function groupBy<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function assertWritten(result: number, write: FoldedWrite): void {
  if (result === -1) throw retriable('projection_conflict', `story ${write.storyId} moved past sequence ${write.fromSeq} while event ${write.lastEventId} was applied`);
  if (result === -2) throw new Error(`kill fence: story ${write.storyId} is killed but event ${write.lastEventId} produced status ${write.status}`);
}

function statusOf(view: StoryView): StoryStatus {
  return view.state.status === 'killed' ? 'killed' : isPublic(view) ? 'published' : 'unpublished';
}

function facetsOf(story: Story | null): StoryFacets | null {
  return story?.facets ?? null;
}

/**
 * The Redis read model of story.events.v1. Each event is one compare-and-set on the story's
 * sequence together with the consumed offset; index and feed writes live in other slots, so they
 * are recorded as pending operations in the same script and applied after it, idempotently, and
 * re-applied when a redelivery finds them still pending.
 */
export interface ProjectionOptions {
  /** Where it writes: the active prefix (the live projection) or a fixed one (a rebuild). */
  readonly target?: ProjectionTarget;
  /**
   * Whether changes are appended to the change feed. Only the live projection appends: the feed is
   * outside every prefix, and its entries are keyed by log position, so appending again is a no-op.
   */
  readonly appendFeed?: boolean;
  /** The feed appended to (the live one unless a test or a feed rebuild names another). */
  readonly feed?: FeedLog;
  /** Told when a feed entry could not go in because a later one of its partition already had (see FeedLog). */
  readonly onFeedGap?: (gap: FeedGap) => void;
  readonly now?: () => number;
  /** Stories per write pipeline when a batch is applied at once (Redis writes one chunk while the next is folded). */
  readonly writeChunk?: number;
}

export interface FeedGap {
  readonly storyId: string;
  readonly updateId: string;
  readonly partition: number;
  readonly offset: string;
}

export class RedisProjection {
  private readonly redis: ProjectionRedis;
  private readonly target: ProjectionTarget;
  private readonly appendFeed: boolean;
  private readonly feed: FeedLog;
  private readonly onFeedGap: ((gap: FeedGap) => void) | undefined;
  private readonly now: () => number;
  private readonly writeChunk: number;

  constructor(redis: Redis, options: ProjectionOptions = {}) {
    this.redis = withScripts(redis);
    this.target = options.target ?? ACTIVE;
    this.appendFeed = options.appendFeed ?? true;
    this.feed = options.feed ?? new FeedLog(redis);
    this.onFeedGap = options.onFeedGap;
    this.now = options.now ?? Date.now;
    this.writeChunk = options.writeChunk ?? 128;
  }

  async apply(event: RecordedStoryEvent, position: SourcePosition): Promise<ProjectionOutcome> {
    const prefixKeys = await resolveKeys(this.redis, this.target);
    const stored = storedStory(event.storyId, await this.redis.hmget(prefixKeys.story(event.storyId), ...STORED_FIELDS));
    const write = foldStory(prefixKeys, stored, [{ event, position }], this.appendFeed);
    if (!write) {
      if (stored.pending) await this.flush(prefixKeys, event.storyId, stored.pending, position);
      await this.checkpoint(prefixKeys, [position]);
      return { applied: false, change: null };
    }
    const result = await inSpan('projection redis write', { attributes: { 'db.system': 'redis', 'storyline.story_id': event.storyId, 'storyline.sequence': event.sequence } }, () =>
      this.redis.slWriteStory(prefixKeys.story(event.storyId), prefixKeys.versions(event.storyId), ...write.args),
    );
    assertWritten(result, write);
    await this.flush(prefixKeys, event.storyId, write.pending, position);
    await this.checkpoint(prefixKeys, [position]);
    const change = write.changes.at(-1) ?? null;
    return { applied: result === 1, change: result === 1 ? change : null };
  }

  /**
   * Applies a consumed batch (a rebuild's): each story's events are folded in memory in their order
   * and written with one compare-and-set, and every step goes to Redis as one pipeline for the whole
   * batch, so the round trips are per batch, not per event. The result is what `apply` one event at
   * a time leaves (same story hashes, versions, indexes and offsets). The change feed takes one entry
   * per change, in offset order per partition (its ids only grow), so a projection that appends to
   * it applies event by event in that order (partitions side by side).
   */
  async applyBatch(records: readonly PositionedEvent[]): Promise<number> {
    if (this.appendFeed) {
      const outcomes = await Promise.all([...groupBy(records, (r) => r.position.partition).values()].map(async (partition) => {
        let applied = 0;
        const inOrder = [...partition].sort((a, b) => (BigInt(a.position.offset) < BigInt(b.position.offset) ? -1 : 1));
        for (const { event, position } of inOrder) if ((await this.apply(event, position)).applied) applied++;
        return applied;
      }));
      return outcomes.reduce((a, b) => a + b, 0);
    }
    const byStory = groupBy(records, (r) => r.event.storyId);
    const prefixKeys = await resolveKeys(this.redis, this.target);
    const storyIds = [...byStory.keys()];
    const reads = this.redis.pipeline();
    for (const storyId of storyIds) reads.hmget(prefixKeys.story(storyId), ...STORED_FIELDS);
    const stored = pipelineValues<Array<string | null>>(await reads.exec()).map((fields, i) => storedStory(storyIds[i]!, fields));
    // An operation left pending by an interrupted write is completed first, as `apply` does.
    for (const story of stored) if (story.pending) await this.flush(prefixKeys, story.storyId, story.pending, byStory.get(story.storyId)![0]!.position);
    // Folded and sent a chunk of stories at a time: Redis runs a chunk's writes while the next is
    // folded (one connection keeps them in order). Every chunk is awaited before any failure is
    // thrown, so nothing of this batch is still in flight when the caller retries it.
    const writes: FoldedWrite[] = [];
    const sent: Array<Promise<Error | undefined>> = [];
    for (let i = 0; i < stored.length; i += this.writeChunk) {
      const chunk = stored.slice(i, i + this.writeChunk).flatMap((story) => {
        const write = foldStory(prefixKeys, story, byStory.get(story.storyId)!, false);
        return write ? [write] : [];
      });
      if (chunk.length === 0) continue;
      writes.push(...chunk);
      const pipeline = this.redis.pipeline() as unknown as ProjectionPipeline;
      for (const write of chunk) pipeline.slWriteStory(prefixKeys.story(write.storyId), prefixKeys.versions(write.storyId), ...write.args);
      sent.push(
        pipeline
          .exec()
          .then((results) => {
            pipelineValues<number>(results).forEach((result, k) => assertWritten(result, chunk[k]!));
            return undefined;
          })
          .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      );
    }
    const failed = (await Promise.all(sent)).find((outcome) => outcome !== undefined);
    if (failed !== undefined) throw failed;
    if (writes.length > 0) await this.flushAll(prefixKeys, writes);
    await this.checkpoint(prefixKeys, records.map((r) => r.position));
    return writes.reduce((sum, write) => sum + write.events, 0);
  }

  /** The index writes of many stories in one pipeline, then their pending marks cleared in another: a failed write keeps them all pending. */
  private async flushAll(keys: ProjectionKeys, writes: readonly FoldedWrite[]): Promise<void> {
    const indexes = this.redis.pipeline();
    for (const { storyId, pending } of writes) {
      for (const key of pending.remove) indexes.zrem(key, storyId);
      for (const key of pending.add) indexes.zadd(key, pending.score, storyId);
    }
    const failed = (await indexes.exec())?.find(([error]) => error !== null);
    if (failed) throw retriable('projection_index_failed', `an index write of a batch of ${writes.length} stories failed; their pending operations are kept`, failed[0]);
    const clears = this.redis.pipeline() as unknown as ProjectionPipeline;
    for (const { storyId, pending } of writes) clears.slClearPending(keys.story(storyId), String(pending.seq));
    pipelineValues(await clears.exec());
  }

  /** `redelivered` is the position of the event whose delivery found the operations pending: the feed entry's key when they predate positions. */
  private async flush(keys: ProjectionKeys, storyId: string, pending: PendingOps, redelivered: SourcePosition): Promise<void> {
    const member = storyId;
    const pipeline = this.redis.pipeline();
    for (const key of pending.remove) pipeline.zrem(key, member);
    for (const key of pending.add) pipeline.zadd(key, pending.score, member);
    // exec() resolves even when single commands failed: a failed index write must leave the
    // operations pending for the redelivery to apply, never be cleared as done.
    const failed = (await pipeline.exec())?.find(([error]) => error !== null);
    if (failed) throw retriable('projection_index_failed', `an index write of story ${storyId} failed; its pending operations are kept`, failed[0]);
    if (pending.feed) {
      const { updateId, update, facets } = pending.feed;
      const at = pending.feed.at ?? (JSON.parse(update) as StoryUpdate).occurredAt;
      const { partition, offset } = pending.feed.partition === undefined || pending.feed.offset === undefined ? redelivered : { partition: pending.feed.partition, offset: pending.feed.offset };
      if ((await this.feed.append({ partition, offset, updateId, update, facets, at }, this.now())) === 'passed') this.onFeedGap?.({ storyId, updateId, partition, offset });
    }
    await this.redis.slClearPending(keys.story(storyId), String(pending.seq));
  }

  /** Advances the consumed offset of each partition to the highest of `positions`. */
  private async checkpoint(keys: ProjectionKeys, positions: readonly SourcePosition[]): Promise<void> {
    const highest = new Map<number, bigint>();
    for (const { partition, offset } of positions) if (BigInt(offset) > (highest.get(partition) ?? -1n)) highest.set(partition, BigInt(offset));
    const pipeline = this.redis.pipeline() as unknown as ProjectionPipeline;
    for (const [partition, offset] of highest) pipeline.slAdvanceOffset(keys.offsets, String(partition), String(offset));
    pipelineValues(await pipeline.exec());
  }
}
