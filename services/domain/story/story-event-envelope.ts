import type { StoryEvent } from '../../contracts/types.generated.ts';
import { storyEventId } from './event-ids.ts';
import type { NewStoryEvent, RecordedStoryEvent, StoryEventPayloads, StoryEventType } from './story-events.ts';

export interface EnvelopeContext {
  readonly storyId: string;
  /** The sequence of the last event already in the log (0 for a new story). */
  readonly afterSequence: number;
  readonly occurredAt: number;
  readonly recordedAt: number;
  readonly causationId: string;
  readonly correlationId: string | null;
  readonly producer: string;
}

/** Places decided events in the log: consecutive sequences after the last one, ids derived from them. */
export function recordStoryEvents(events: readonly NewStoryEvent[], context: EnvelopeContext): RecordedStoryEvent[] {
  const { afterSequence, ...metadata } = context;
  return events.map((event, index) => {
    const sequence = afterSequence + index + 1;
    return { ...metadata, eventId: storyEventId(context.storyId, sequence), sequence, ...event };
  });
}

export const STORY_EVENT_NAMESPACE = 'storyline.v1';

/**
 * avsc represents a union of several records as a wrapped union, `{ 'storyline.v1.VersionAccepted': {...} }`,
 * while the generated StoryEvent type lists the bare records: these two convert at the Kafka edge.
 */
export type WrappedStoryEventPayload = { [K in StoryEventType]: { [N in `storyline.v1.${K}`]: StoryEventPayloads[K] } }[StoryEventType];

export type AvroStoryEvent = Omit<StoryEvent, 'payload'> & { payload: WrappedStoryEventPayload };

export function toAvroStoryEvent(event: RecordedStoryEvent): AvroStoryEvent {
  const { payload, ...metadata } = event;
  return { ...metadata, payload: { [`${STORY_EVENT_NAMESPACE}.${event.type}`]: payload } as WrappedStoryEventPayload };
}

export function fromAvroStoryEvent(event: AvroStoryEvent): RecordedStoryEvent {
  const { payload, ...metadata } = event;
  const [branch, value] = (Object.entries(payload) as Array<[string, unknown]>)[0] ?? [];
  const type = branch?.slice(STORY_EVENT_NAMESPACE.length + 1);
  if (type !== event.type) throw new Error(`story event ${event.eventId}: type ${event.type} does not match payload branch ${String(branch)}`);
  return { ...metadata, type, payload: value } as RecordedStoryEvent;
}
