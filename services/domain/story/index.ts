export { articleRef, isCorrection, isUnderEmbargo, itemKey, killCause } from './article-facts.ts';
export { decide } from './decide.ts';
export { evolve } from './evolve.ts';
export { foldEvents } from './fold-events.ts';
export { initialState } from './initial-state.ts';
export { parseStoryEventId, storyEventId } from './event-ids.ts';
export { fromAvroStoryEvent, recordStoryEvents, toAvroStoryEvent } from './story-event-envelope.ts';
export type { AvroStoryEvent, EnvelopeContext, WrappedStoryEventPayload } from './story-event-envelope.ts';
export { STORY_EVENT_TYPES, storyEvent } from './story-events.ts';
export type { NewStoryEvent, NewStoryEventOf, RecordedStoryEvent, StoryEventMetadata, StoryEventPayloads, StoryEventType } from './story-events.ts';
export type { ExternalStoryCommand, Kill, MergeStory, RecordEnrichment, ReleaseEmbargo, ReparseArticle, RoutingDecision, StoryCommand, StoryCommandType, SubmitArticle, WithdrawRelatedItem } from './story-commands.ts';
export { MAX_PROCESSED_SIGNAL_IDS, findRelated, findVersion, hasProcessedSignal, latestVersion } from './story-state.ts';
export type {
  EmbargoedStory,
  EmptyStory,
  ItemKey,
  KillRecord,
  KilledStory,
  LiveStory,
  OpenStory,
  RelatedItem,
  StoryBody,
  StoryBookkeeping,
  StoryState,
  StoryVersion,
  VersionSummary,
} from './story-state.ts';
