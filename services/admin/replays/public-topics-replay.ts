import type { Redis } from 'ioredis';
import type { Message } from 'kafkajs';
import type { RecordedStoryEvent } from '../../domain/story/index.ts';
import type { PublicCodecs } from '../../publish/public-topics-publisher.ts';
import { routingHeaders, storyOfChange, storyUpdateOf } from '../../publish/story-update.ts';
import { applyEvent, initialView, type StoryView } from '../../publish/story-view.ts';
import type { Offsets, ReplayTally } from '../../../workflows/operations/operations-signals.ts';
import { byStory, liveStories, replayKeys } from './replay-state.ts';

export interface PositionedEvent {
  readonly event: RecordedStoryEvent;
  readonly partition: number;
  readonly offset: string;
}

export interface RepublishDeps {
  readonly redis: Redis;
  readonly codecs: PublicCodecs;
  readonly topics: { readonly stories: string; readonly storyUpdates: string };
  /** Writes both topics' records (acks=all); a batch retried after a crash sends them again, with the same update ids. */
  readonly send: (batch: ReadonlyArray<{ topic: string; messages: Message[] }>) => Promise<void>;
}

/** A replay's fold state lives a week at most: a backstop should the replay never clean up. */
const VIEW_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Re-publishes the changes a batch of story events made, folding each story from the start of the
 * log (its view is kept between batches) and publishing only what lies at or past `publishFrom`.
 * Every record carries the replay mark (the update's `replay` field and the `storyline-replay`
 * header). A story that is killed or merged now gets only its kill re-published: a replay never
 * puts back on `stories.v1` what a tombstone removed.
 */
export async function republishBatch(deps: RepublishDeps, replayId: string, events: readonly PositionedEvent[], publishFrom: Offsets, dryRun: boolean): Promise<ReplayTally> {
  const grouped = byStory(events);
  const ids = [...grouped.keys()];
  const live = await liveStories(deps.redis, ids);
  const keys = replayKeys(replayId);
  const stored = ids.length === 0 ? [] : await deps.redis.mget(...ids.map((id) => keys.view(id)));
  const stories: Message[] = [];
  const updates: Message[] = [];
  const views = new Map<string, StoryView>();
  let changed = 0;
  let unchanged = 0;
  let fenced = 0;
  const touched: string[] = [];
  ids.forEach((storyId, i) => {
    let view = stored[i] ? (JSON.parse(stored[i]) as StoryView) : initialView(storyId);
    const killedNow = live.get(storyId)?.status === 'killed';
    for (const { event, partition, offset } of grouped.get(storyId)!) {
      const applied = applyEvent(view, event);
      view = applied.view;
      if (BigInt(offset) < BigInt(publishFrom[String(partition)] ?? '0')) continue;
      const change = applied.change;
      if (!change) {
        unchanged++;
        continue;
      }
      if (killedNow && change.kind !== 'killed') {
        fenced++;
        continue;
      }
      const update = storyUpdateOf(change, event, replayId);
      const headers = routingHeaders(update, event, storyOfChange(change));
      stories.push({ key: storyId, value: change.kind === 'killed' ? null : deps.codecs.story.encode(change.story), headers });
      updates.push({ key: storyId, value: deps.codecs.update.encode(update), headers });
      changed++;
      if (!touched.includes(storyId)) touched.push(storyId);
    }
    views.set(storyId, view);
  });
  // Published before the fold state is saved: a crash in between repeats records, never loses one.
  if (!dryRun && stories.length > 0) await deps.send([{ topic: deps.topics.stories, messages: stories }, { topic: deps.topics.storyUpdates, messages: updates }]);
  if (views.size > 0) {
    const pipeline = deps.redis.pipeline();
    for (const [storyId, view] of views) pipeline.set(keys.view(storyId), JSON.stringify(view), 'EX', VIEW_TTL_SECONDS);
    await pipeline.exec();
  }
  return { changed, unchanged, fenced, skipped: 0, stories: touched.slice(0, 100) };
}
