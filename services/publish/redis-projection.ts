import { activeTraceId, inSpan } from '../shared/tracing/tracing.ts';
import type { Redis } from 'ioredis';
import type { Story, StoryFacets, StoryUpdate } from '../contracts/types.generated.ts';
import type { KillRecord, RecordedStoryEvent } from '../domain/story/index.ts';
import { retriable } from '../shared/errors.ts';
import { ACTIVE, resolveKeys, type ProjectionTarget } from './active-projection.ts';
import { FEED_KEY, feedSeenKey, type ProjectionKeys } from './index-keys.ts';
import { storyOfChange, storyUpdateOf } from './story-update.ts';
import { applyEvent, initialView, publicStory, type StoryView, type ViewChange } from './story-view.ts';

/** How long the change feed keeps entries; a cursor older than this is expired (410). */
export const FEED_RETENTION_MS = 7 * 24 * 3600 * 1000;

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
  readonly feed: { readonly updateId: string; readonly update: string; readonly facets: string } | null;
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
if ARGV[5] == 'killed' then redis.call('DEL', KEYS[2]) elseif ARGV[10] ~= '' then redis.call('HSET', KEYS[2], ARGV[10], ARGV[11]) end
return 1
`;

const CLEAR_PENDING = `
if redis.call('HGET', KEYS[1], 'seq') == ARGV[1] then redis.call('HDEL', KEYS[1], 'pending') end
return 1
`;

/** Appends an update to the feed once: a re-applied outbox finds the mark and returns the first entry id. */
const APPEND_FEED = `
local seen = redis.call('GET', KEYS[2])
if seen then return seen end
local id = redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[1], '*', 'updateId', ARGV[3], 'update', ARGV[4], 'facets', ARGV[5])
redis.call('SET', KEYS[2], id, 'PX', ARGV[2])
return id
`;

const ADVANCE_OFFSET = `
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
`;

type ProjectionRedis = Redis & {
  slWriteStory(story: string, versions: string, ...args: string[]): Promise<number>;
  slClearPending(story: string, seq: string): Promise<number>;
  slAppendFeed(feed: string, seen: string, ...args: string[]): Promise<string>;
  slAdvanceOffset(key: string, partition: string, offset: string): Promise<number>;
};

function withScripts(redis: Redis): ProjectionRedis {
  if (!('slWriteStory' in redis)) {
    redis.defineCommand('slWriteStory', { numberOfKeys: 2, lua: WRITE_STORY });
    redis.defineCommand('slClearPending', { numberOfKeys: 1, lua: CLEAR_PENDING });
    redis.defineCommand('slAppendFeed', { numberOfKeys: 2, lua: APPEND_FEED });
    redis.defineCommand('slAdvanceOffset', { numberOfKeys: 1, lua: ADVANCE_OFFSET });
  }
  return redis as ProjectionRedis;
}

function statusOf(view: StoryView): StoryStatus {
  return view.state.status === 'killed' ? 'killed' : publicStory(view) ? 'published' : 'unpublished';
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
   * outside every prefix and a rebuild must not re-alert subscribers or move their cursors.
   */
  readonly appendFeed?: boolean;
  readonly now?: () => number;
}

export class RedisProjection {
  private readonly redis: ProjectionRedis;
  private readonly target: ProjectionTarget;
  private readonly appendFeed: boolean;
  private readonly now: () => number;

  constructor(redis: Redis, options: ProjectionOptions = {}) {
    this.redis = withScripts(redis);
    this.target = options.target ?? ACTIVE;
    this.appendFeed = options.appendFeed ?? true;
    this.now = options.now ?? Date.now;
  }

  async apply(event: RecordedStoryEvent, position: SourcePosition): Promise<ProjectionOutcome> {
    const prefixKeys = await resolveKeys(this.redis, this.target);
    const keys = { story: prefixKeys.story(event.storyId), versions: prefixKeys.versions(event.storyId) };
    const stored = await this.redis.hmget(keys.story, 'seq', 'view', 'indexed', 'pending');
    const seq = Number(stored[0] ?? 0);
    if (event.sequence <= seq) {
      if (stored[3]) await this.flush(prefixKeys, event.storyId, JSON.parse(stored[3]) as PendingOps);
      await this.checkpoint(prefixKeys, position);
      return { applied: false, change: null };
    }
    const before = stored[1] ? (JSON.parse(stored[1]) as StoryView) : initialView(event.storyId);
    const { view, change } = applyEvent(before, event);
    const story = publicStory(view);
    const status = statusOf(view);
    const indexedBefore = stored[2] ? (JSON.parse(stored[2]) as string[]) : [];
    const indexed = story ? prefixKeys.indexKeysOf(story.facets) : [];
    const update: StoryUpdate | null = change ? storyUpdateOf(change, event) : null;
    const pending: PendingOps = {
      seq: event.sequence,
      remove: indexedBefore.filter((k) => !indexed.includes(k)),
      add: indexed,
      score: story?.article.versioncreated ?? 0,
      feed: this.appendFeed && update && change ? { updateId: update.updateId, update: JSON.stringify(update), facets: JSON.stringify(facetsOf(storyOfChange(change))) } : null,
    };
    const kill: KillRecord | null = change?.kind === 'killed' ? change.kill : null;
    const version = change?.kind === 'published' ? change.version : null;
    // The version keeps the trace that carried it here (from the record's headers), for the console to link to.
    const versionRecord = version ? JSON.stringify({ ...version, traceId: activeTraceId() }) : '';
    const result = await inSpan('projection redis write', { attributes: { 'db.system': 'redis', 'storyline.story_id': event.storyId, 'storyline.sequence': event.sequence } }, () => this.redis.slWriteStory(
      keys.story,
      keys.versions,
      String(seq),
      String(event.sequence),
      `${position.partition}/${position.offset}`,
      JSON.stringify(view),
      status,
      story ? JSON.stringify(story) : '',
      kill ? JSON.stringify(kill) : '',
      JSON.stringify(indexed),
      JSON.stringify(pending),
      version ? String(version.version) : '',
      versionRecord,
    ));
    if (result === -1) throw retriable('projection_conflict', `story ${event.storyId} moved past sequence ${seq} while event ${event.eventId} was applied`);
    if (result === -2) throw new Error(`kill fence: story ${event.storyId} is killed but event ${event.eventId} produced status ${status}`);
    await this.flush(prefixKeys, event.storyId, pending);
    await this.checkpoint(prefixKeys, position);
    return { applied: result === 1, change: result === 1 ? change : null };
  }

  private async flush(keys: ProjectionKeys, storyId: string, pending: PendingOps): Promise<void> {
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
      await this.redis.slAppendFeed(FEED_KEY, feedSeenKey(updateId), `${this.now() - FEED_RETENTION_MS}-0`, String(FEED_RETENTION_MS + 24 * 3600 * 1000), updateId, update, facets);
    }
    await this.redis.slClearPending(keys.story(storyId), String(pending.seq));
  }

  private async checkpoint(keys: ProjectionKeys, position: SourcePosition): Promise<void> {
    await this.redis.slAdvanceOffset(keys.offsets, String(position.partition), position.offset);
  }
}
