import type * as contract from '../../contracts/types.generated.ts';

/** Binds each event type name to its generated payload record (schemas/storyline.v1.<Name>.avsc). */
export interface StoryEventPayloads {
  ArticleReceived: contract.ArticleReceived;
  StoryOpened: contract.StoryOpened;
  VersionAccepted: contract.VersionAccepted;
  StaleVersionRejected: contract.StaleVersionRejected;
  DuplicateSuppressed: contract.DuplicateSuppressed;
  RelatedItemJoined: contract.RelatedItemJoined;
  RelatedItemWithdrawn: contract.RelatedItemWithdrawn;
  VersionEnriched: contract.VersionEnriched;
  CorrectionAccepted: contract.CorrectionAccepted;
  StoryKilled: contract.StoryKilled;
  EmbargoHeld: contract.EmbargoHeld;
  EmbargoReleased: contract.EmbargoReleased;
  VersionPublished: contract.VersionPublished;
  CommandRejected: contract.CommandRejected;
}

export type StoryEventType = keyof StoryEventPayloads;

/** In the order of the StoryEvent payload union; the contract test holds the two together. */
export const STORY_EVENT_TYPES = [
  'ArticleReceived',
  'StoryOpened',
  'VersionAccepted',
  'StaleVersionRejected',
  'DuplicateSuppressed',
  'RelatedItemJoined',
  'RelatedItemWithdrawn',
  'VersionEnriched',
  'CorrectionAccepted',
  'StoryKilled',
  'EmbargoHeld',
  'EmbargoReleased',
  'VersionPublished',
  'CommandRejected',
] as const satisfies readonly StoryEventType[];

type Missing = Exclude<StoryEventType, (typeof STORY_EVENT_TYPES)[number]>;
const _everyTypeListed: [Missing] extends [never] ? true : Missing = true;

/** What decide returns: an event not yet placed in the log. */
export type NewStoryEvent = { [K in StoryEventType]: { type: K; payload: StoryEventPayloads[K] } }[StoryEventType];

export type NewStoryEventOf<K extends StoryEventType> = Extract<NewStoryEvent, { type: K }>;

export type StoryEventMetadata = Omit<contract.StoryEvent, 'type' | 'payload'>;

/** An event in the log: the generated envelope, narrowed so that `type` discriminates `payload`. */
export type RecordedStoryEvent = StoryEventMetadata & NewStoryEvent;

export function storyEvent<K extends StoryEventType>(type: K, payload: StoryEventPayloads[K]): NewStoryEventOf<K> {
  return { type, payload } as NewStoryEventOf<K>;
}
