import type { Redis } from 'ioredis';
import type { RecordedStoryEvent } from '../../domain/story/index.ts';
import { ACTIVE, resolveKeys } from '../../publish/active-projection.ts';
import { decodeView } from '../../publish/stored-view.ts';
import type { StoryView } from '../../publish/story-view.ts';

/**
 * A replay's own working state, outside every projection prefix and deleted when it ends:
 *   sl:ops:replay:{<id>}:view:<storyId>   STRING  the story's view folded so far (re-publishing)
 *   sl:ops:replay:{<id>}:members          HASH    submissionId → JSON list of story ids that received it (re-parsing)
 */
export function replayKeys(replayId: string) {
  const base = `sl:ops:replay:{${replayId}}`;
  return { view: (storyId: string) => `${base}:view:${storyId}`, members: `${base}:members`, pattern: `${base}:*` };
}

export async function dropReplayKeys(redis: Redis, replayId: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', replayKeys(replayId).pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export interface LiveStory {
  readonly status: 'unpublished' | 'published' | 'killed' | 'absent';
  readonly view: StoryView | null;
}

/** The live read model's view of each story (the active prefix), read once per batch. */
export async function liveStories(redis: Redis, storyIds: Iterable<string>): Promise<Map<string, LiveStory>> {
  const keys = await resolveKeys(redis, ACTIVE);
  const ids = [...new Set(storyIds)];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hmget(keys.story(id), 'status', 'view', 'story');
  const answers = (await pipeline.exec()) ?? [];
  return new Map(
    ids.map((id, i) => {
      const [error, value] = answers[i] ?? [null, null];
      if (error) throw error;
      const [status, view, story] = (value as [string | null, string | null, string | null] | null) ?? [null, null, null];
      return [id, { status: (status ?? 'absent') as LiveStory['status'], view: view ? decodeView(view, story) : null }];
    }),
  );
}

/** Story events of a batch grouped by story, each story's in log order (one key, one partition). */
export function byStory<T extends { event: RecordedStoryEvent }>(items: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) grouped.set(item.event.storyId, [...(grouped.get(item.event.storyId) ?? []), item]);
  return grouped;
}
