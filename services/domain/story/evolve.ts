import type { Article } from '../../contracts/types.generated.ts';
import { articleRef, isCorrection, itemKey } from './article-facts.ts';
import { assertNever } from './assert-never.ts';
import type { RecordedStoryEvent } from './story-events.ts';
import { MAX_PROCESSED_SIGNAL_IDS, findRelated, type LiveStory, type StoryState, type VersionSummary } from './story-state.ts';

/**
 * Applies one recorded event. Never re-decides: it only re-applies what decide recorded, so the
 * workflow, the projection and replays reach the same state. An event at or below the last applied
 * sequence is a redelivery and changes nothing.
 */
export function evolve(state: StoryState, event: RecordedStoryEvent): StoryState {
  if (event.sequence <= state.lastSequence) return state;
  return {
    ...apply(state, event),
    lastSequence: event.sequence,
    processedSignalIds: remember(state.processedSignalIds, event.payload.signalId),
  };
}

function remember(ids: readonly string[], signalId: string): readonly string[] {
  if (ids.includes(signalId)) return ids;
  // Bounded so the state stays small; older repeats are still caught by version and content checks.
  return [...ids, signalId].slice(-MAX_PROCESSED_SIGNAL_IDS);
}

function apply(state: StoryState, event: RecordedStoryEvent): StoryState {
  // Kill fence under replay too: nothing recorded after a kill changes the story.
  if (state.status === 'killed') return state;
  switch (event.type) {
    case 'ArticleReceived':
    case 'StaleVersionRejected':
    case 'DuplicateSuppressed':
    case 'CommandRejected':
      return state;
    case 'StoryOpened': {
      if (state.status !== 'empty') return state;
      const { item } = event.payload;
      return {
        status: 'open',
        lastSequence: state.lastSequence,
        processedSignalIds: state.processedSignalIds,
        storyId: event.storyId,
        owner: { providerId: item.providerId, providerItemId: item.providerItemId },
        openedAt: event.occurredAt,
        versions: [],
        related: [],
        current: null,
      };
    }
    case 'StoryKilled': {
      const { cause, requestedBy, reason, mergedInto } = event.payload;
      return {
        status: 'killed',
        lastSequence: state.lastSequence,
        processedSignalIds: state.processedSignalIds,
        storyId: event.storyId,
        kill: { cause, requestedBy, reason, mergedInto, killedAt: event.occurredAt, sequence: event.sequence },
        before:
          state.status === 'empty'
            ? null
            : { storyId: state.storyId, owner: state.owner, openedAt: state.openedAt, versions: state.versions, related: state.related, current: state.current },
      };
    }
    case 'VersionAccepted':
    case 'CorrectionAccepted':
    case 'EmbargoHeld':
    case 'EmbargoReleased':
    case 'VersionPublished':
    case 'VersionEnriched':
    case 'RelatedItemJoined':
    case 'RelatedItemWithdrawn':
      return state.status === 'empty' ? state : applyToLive(state, event);
    default:
      return assertNever(event);
  }
}

function applyToLive(state: LiveStory, event: RecordedStoryEvent): StoryState {
  switch (event.type) {
    case 'VersionAccepted':
    case 'CorrectionAccepted': {
      const { article } = event.payload;
      const versions = withVersion(state.versions, summary(article, event.sequence));
      return { ...liveBody(state), status: 'open', versions, current: { article, correction: isCorrection(article), sequence: event.sequence } };
    }
    case 'EmbargoHeld': {
      const { article, embargoedUntil } = event.payload;
      const versions = withVersion(state.versions, summary(article, event.sequence));
      const held = { article, correction: isCorrection(article), sequence: event.sequence, embargoedUntil };
      return { ...liveBody(state), status: 'embargoed', versions, current: state.current, held };
    }
    case 'EmbargoReleased': {
      if (state.status !== 'embargoed' || state.held.article.providerVersion !== event.payload.providerVersion) return state;
      const { article, correction, sequence } = state.held;
      return { ...liveBody(state), status: 'open', current: { article, correction, sequence } };
    }
    case 'VersionPublished': {
      const { item, publishedAt } = event.payload;
      return { ...state, versions: updateVersion(state.versions, item.providerVersion, (v) => ({ ...v, publishedAt })) };
    }
    case 'VersionEnriched': {
      const { providerVersion, enricherVersion } = event.payload;
      const versions = updateVersion(state.versions, providerVersion, (v) =>
        v.enricherVersions.includes(enricherVersion) ? v : { ...v, enricherVersions: [...v.enricherVersions, enricherVersion] },
      );
      return { ...state, versions };
    }
    case 'RelatedItemJoined': {
      const { article, relation, evidence } = event.payload;
      const key = itemKey(article);
      const others = state.related.filter((r) => r !== findRelated(state, key));
      return { ...state, related: [...others, { item: articleRef(article), relation, evidence, withdrawn: false }] };
    }
    case 'RelatedItemWithdrawn': {
      const { item, reason } = event.payload;
      const target = findRelated(state, item);
      switch (reason) {
        case 'REGROUPED':
          // It now belongs to another story; forgetting it here lets a later regrouping bring it back.
          return { ...state, related: state.related.filter((r) => r !== target) };
        case 'PROVIDER_KILL':
        case 'UNKNOWN':
          // Kept, marked withdrawn: a provider's kill is final, later versions of the item are rejected.
          return { ...state, related: state.related.map((r) => (r === target ? { ...r, withdrawn: true } : r)) };
        default:
          return assertNever(reason);
      }
    }
    case 'ArticleReceived':
    case 'StaleVersionRejected':
    case 'DuplicateSuppressed':
    case 'CommandRejected':
    case 'StoryOpened':
    case 'StoryKilled':
      return state;
    default:
      return assertNever(event);
  }
}

function liveBody(state: LiveStory) {
  const { lastSequence, processedSignalIds, storyId, owner, openedAt, versions, related } = state;
  return { lastSequence, processedSignalIds, storyId, owner, openedAt, versions, related };
}

function summary(article: Article, sequence: number): VersionSummary {
  return { item: articleRef(article), embargoed: article.embargoed, correction: isCorrection(article), sequence, publishedAt: null, enricherVersions: [] };
}

function withVersion(versions: readonly VersionSummary[], version: VersionSummary): readonly VersionSummary[] {
  const others = versions.filter((v) => v.item.providerVersion !== version.item.providerVersion);
  return [...others, version].sort((a, b) => a.item.providerVersion - b.item.providerVersion);
}

function updateVersion(
  versions: readonly VersionSummary[],
  providerVersion: number,
  change: (version: VersionSummary) => VersionSummary,
): readonly VersionSummary[] {
  return versions.map((v) => (v.item.providerVersion === providerVersion ? change(v) : v));
}
