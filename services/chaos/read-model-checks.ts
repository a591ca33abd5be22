import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RecordedStoryEvent } from '../domain/story/index.ts';
import { diffStates, hashLines, readDigestLines, type StateDiff } from '../admin/operations/projection-hash.ts';
import { activePrefix } from '../publish/active-projection.ts';
import { FeedLog } from '../publish/feed-log.ts';
import { FEED_START } from '../publish/feed-position.ts';
import { projectionKeys } from '../publish/index-keys.ts';
import { RedisProjection } from '../publish/redis-projection.ts';
import type { CollectedRecord } from './topic-collector.ts';

export interface ProjectionComparison {
  readonly live: { readonly prefix: string; readonly stories: number; readonly sha256: string };
  readonly rebuilt: { readonly prefix: string; readonly stories: number; readonly sha256: string };
  readonly equal: boolean;
  readonly diff: StateDiff;
}

/**
 * Folds the event log as read into a fresh projection under a prefix of its own (the projection's own
 * code, as an operator's rebuild does, without the feed), hashes it and the live one, and deletes it.
 */
export async function compareWithRebuild(redis: Redis, events: ReadonlyArray<CollectedRecord<RecordedStoryEvent> & { value: RecordedStoryEvent }>): Promise<ProjectionComparison> {
  const prefix = `sl:pchaos-${randomBytes(3).toString('hex')}:`;
  const rebuild = new RedisProjection(redis, { target: { kind: 'fixed', prefix }, appendFeed: false });
  try {
    const ordered = [...events].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    for (const { value, partition, offset } of ordered) await rebuild.apply(value, { partition, offset });
    const livePrefix = await activePrefix(redis);
    const [live, rebuilt] = await Promise.all([readDigestLines(redis, livePrefix), readDigestLines(redis, prefix)]);
    const liveHash = hashLines(live);
    const rebuiltHash = hashLines(rebuilt);
    return {
      live: { prefix: livePrefix, stories: live.length, sha256: liveHash },
      rebuilt: { prefix, stories: rebuilt.length, sha256: rebuiltHash },
      equal: liveHash === rebuiltHash,
      diff: diffStates(rebuilt, live),
    };
  } finally {
    await deletePrefix(redis, prefix);
  }
}

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  for (const pattern of projectionKeys(prefix).patterns) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  }
}

export interface KilledStoryVisibility {
  readonly killed: number;
  /** One line per place a killed story is still visible. */
  readonly visible: readonly string[];
}

export interface KilledStorySources {
  readonly redis: Redis;
  /** The consumer API's base URL and a consumer key. */
  readonly api: { readonly url: string; readonly key: string };
  /** stories.v1 as read, tombstones included. */
  readonly stories: ReadonlyArray<CollectedRecord<unknown>>;
}

/**
 * A killed story (killed by its provider, or merged into another) must be gone everywhere a consumer
 * looks: its projection hash says killed with no public state and no index holds it; the API answers
 * 410 (404 when it was never public); the last stories.v1 record of its key is a tombstone; its last
 * change in the feed is the kill.
 */
export async function killedStoryVisibility(killedIds: readonly string[], sources: KilledStorySources): Promise<KilledStoryVisibility> {
  const { redis, api } = sources;
  const prefix = await activePrefix(redis);
  const keys = projectionKeys(prefix);
  const lastOnTopic = new Map<string, CollectedRecord<unknown>>();
  for (const record of sources.stories) if (record.key !== null) lastOnTopic.set(record.key, record);
  const lastInFeed = new Map<string, string>();
  for (const entry of await new FeedLog(redis).read(FEED_START, 10_000_000)) lastInFeed.set(entry.update.storyId, entry.update.reason);

  const visible: string[] = [];
  for (const storyId of killedIds) {
    const [status, story] = await redis.hmget(keys.story(storyId), 'status', 'story');
    if (status !== 'killed' || story) visible.push(`${storyId}: Redis status ${status ?? 'absent'}${story ? ' with a public story' : ''}`);
    if ((await redis.zscore(keys.timeIndex, storyId)) !== null) visible.push(`${storyId}: in the time index`);
    const response = await fetch(`${api.url}/v1/stories/${encodeURIComponent(storyId)}`, { headers: { authorization: `Bearer ${api.key}` } });
    await response.arrayBuffer();
    // 410 for a story killed once public; 404 for one killed before it was ever published (nothing was public).
    if (response.status !== 410 && response.status !== 404) visible.push(`${storyId}: API answered ${response.status}`);
    const last = lastOnTopic.get(storyId);
    if (last && last.value !== null) visible.push(`${storyId}: stories.v1 ends with a live record (offset ${last.partition}/${last.offset})`);
    const reason = lastInFeed.get(storyId);
    if (reason !== undefined && reason !== 'KILL') visible.push(`${storyId}: the feed's last change is ${reason}`);
  }
  return { killed: killedIds.length, visible };
}
