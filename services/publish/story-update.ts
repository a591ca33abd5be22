import type { Story, StoryFacets, StoryUpdate } from '../contracts/types.generated.ts';
import type { RecordedStoryEvent } from '../domain/story/index.ts';
import type { ViewChange } from './story-view.ts';

/**
 * The story-updates.v1 record of a change; updateId is the causing event's id (storyId:sequence).
 * `replay` names the operator replay that re-publishes it (null when first published).
 */
export function storyUpdateOf(change: ViewChange, event: RecordedStoryEvent, replay: string | null = null): StoryUpdate {
  const base = { updateId: event.eventId, storyId: event.storyId, sequence: event.sequence, occurredAt: event.occurredAt, replay };
  switch (change.kind) {
    case 'published':
      return { ...base, reason: change.reason, version: change.version.version, changes: change.version.changes, story: change.story, killCause: null, mergedInto: null };
    case 'revised':
      return { ...base, reason: change.reason, version: change.story.version, changes: null, story: change.story, killCause: null, mergedInto: null };
    case 'killed':
      return { ...base, reason: 'KILL', version: null, changes: null, story: null, killCause: change.kill.cause, mergedInto: change.kill.mergedInto ?? null };
    default: {
      const unreachable: never = change;
      return unreachable;
    }
  }
}

/** The story as last seen in public: for a kill, the one it withdraws (its facets route the tombstone). */
export function storyOfChange(change: ViewChange): Story {
  return change.kind === 'killed' ? change.before : change.story;
}

export const ROUTING_HEADERS = {
  storyId: 'storyline-story-id',
  updateId: 'storyline-update-id',
  sequence: 'storyline-sequence',
  eventType: 'storyline-event-type',
  reason: 'storyline-reason',
  provider: 'storyline-provider',
  subjects: 'storyline-subjects',
  places: 'storyline-places',
  people: 'storyline-people',
  organisations: 'storyline-organisations',
  /** Only on re-published records: the replay id (the same as the record's `replay` field). */
  replay: 'storyline-replay',
} as const;

const EMPTY_FACETS: Omit<StoryFacets, 'provider'> = { subjects: [], places: [], people: [], organisations: [] };

/**
 * Routing facts as Kafka headers so consumers can filter without decoding: facet lists are
 * comma-separated normalized values (normalization strips commas from the values themselves).
 */
export function routingHeaders(update: StoryUpdate, event: RecordedStoryEvent, story: Story | null): Record<string, string> {
  const facets = story?.facets ?? { provider: '', ...EMPTY_FACETS };
  return {
    [ROUTING_HEADERS.storyId]: update.storyId,
    [ROUTING_HEADERS.updateId]: update.updateId,
    [ROUTING_HEADERS.sequence]: String(update.sequence),
    [ROUTING_HEADERS.eventType]: event.type,
    [ROUTING_HEADERS.reason]: update.reason,
    [ROUTING_HEADERS.provider]: facets.provider,
    [ROUTING_HEADERS.subjects]: facets.subjects.join(','),
    [ROUTING_HEADERS.places]: facets.places.join(','),
    [ROUTING_HEADERS.people]: facets.people.join(','),
    [ROUTING_HEADERS.organisations]: facets.organisations.join(','),
    ...(update.replay === null ? {} : { [ROUTING_HEADERS.replay]: update.replay }),
  };
}
