import { traceHeaders } from '../../services/shared/tracing/tracing.ts';
import type { Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { AvroCodec } from '../../services/contracts/avro-codec.ts';
import { foldEvents, toAvroStoryEvent, type AvroStoryEvent, type RecordedStoryEvent, type StoryState } from '../../services/domain/story/index.ts';
import type { StoryLog } from './story-log.ts';

export interface StoryActivityDependencies {
  readonly producer: Producer;
  readonly codec: AvroCodec<AvroStoryEvent>;
  /** The event log's topic in this environment. */
  readonly topic: string;
  readonly redis: Redis;
  readonly log: StoryLog;
}

function appendedKey(storyId: string): string {
  return `story:{${storyId}}:appended`;
}

/**
 * Appending is at-least-once: a retry after Kafka acknowledged but before we heard back may write an
 * event twice. A per-story high-water mark skips what is known to be written, and every consumer
 * applies events idempotently by (storyId, sequence), so a copy that slips through changes nothing.
 */
export function createStoryActivities(deps: StoryActivityDependencies) {
  return {
    async appendStoryEvents(events: readonly RecordedStoryEvent[]): Promise<number> {
      const first = events[0];
      if (!first) return 0;
      const written = Number((await deps.redis.get(appendedKey(first.storyId))) ?? 0);
      const pending = events.filter((e) => e.sequence > written);
      if (pending.length === 0) return 0;
      await deps.producer.send({
        topic: deps.topic,
        acks: -1,
        messages: pending.map((event) => ({
          key: event.storyId,
          value: deps.codec.encode(toAvroStoryEvent(event)),
          headers: { 'storyline-event-id': event.eventId, 'storyline-event-type': event.type, ...traceHeaders() },
        })),
      });
      await deps.redis.set(appendedKey(first.storyId), String(pending.at(-1)!.sequence));
      return pending.length;
    },

    /**
     * The state of a story that already has events, folded from the log, or null for a new story.
     * A workflow that was terminated or reset starts again from nothing; without this it would reuse
     * sequence numbers the high-water mark then silently skips. The mark says whether to look.
     */
    async loadStoryState(storyId: string): Promise<StoryState | null> {
      const written = Number((await deps.redis.get(appendedKey(storyId))) ?? 0);
      if (written === 0) return null;
      const state = foldEvents(await deps.log.readStory(storyId));
      // Retried: an event acknowledged by Kafka is in the log, so a short read is a read to repeat.
      if (state.lastSequence < written) throw new Error(`story ${storyId}: the log holds sequences up to ${state.lastSequence}, the high-water mark ${written}`);
      return state;
    },
  };
}

export type StoryActivities = ReturnType<typeof createStoryActivities>;
