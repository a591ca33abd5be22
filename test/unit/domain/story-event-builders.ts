import type { Article, ArticleRef, KillCause, RejectionReason, RoutingKind, SimilarityEvidence } from '../../../services/contracts/types.generated.ts';
import { articleRef, itemKey } from '../../../services/domain/story/article-facts.ts';
import type { MergeStory, RoutingDecision, SubmitArticle, WithdrawRelatedItem } from '../../../services/domain/story/story-commands.ts';
import { storyEvent, type NewStoryEvent } from '../../../services/domain/story/story-events.ts';
import { NOW } from './story-fixtures.ts';

// Terse builders so each spec reads as the story's history.

const ROUTING: Record<RoutingDecision['kind'], RoutingKind> = {
  'new-story': 'NEW_STORY',
  'same-item': 'SAME_ITEM',
  'exact-duplicate': 'EXACT_DUPLICATE',
  'near-duplicate': 'NEAR_DUPLICATE',
  'same-event': 'SAME_EVENT',
};

export function submit(signalId: string, article: Article, routing: RoutingDecision = { kind: 'same-item' }): SubmitArticle {
  return { type: 'SubmitArticle', signalId, article, routing };
}

export function received(signalId: string, article: Article, routing: RoutingDecision['kind'] = 'same-item'): NewStoryEvent {
  return storyEvent('ArticleReceived', { signalId, routing: ROUTING[routing], item: articleRef(article), submissionId: article.raw.submissionId });
}

export function opened(signalId: string, article: Article): NewStoryEvent {
  return storyEvent('StoryOpened', { signalId, item: articleRef(article) });
}

export function accepted(signalId: string, article: Article, supersedes: number | null = null): NewStoryEvent {
  return storyEvent('VersionAccepted', { signalId, article, supersedesProviderVersion: supersedes });
}

export function corrected(signalId: string, article: Article, corrects: number | null): NewStoryEvent {
  return storyEvent('CorrectionAccepted', { signalId, article, correctsProviderVersion: corrects });
}

export function published(signalId: string, article: Article, publishedAt = NOW): NewStoryEvent {
  return storyEvent('VersionPublished', { signalId, item: articleRef(article), publishedAt });
}

export function held(signalId: string, article: Article): NewStoryEvent {
  return storyEvent('EmbargoHeld', { signalId, article, embargoedUntil: article.embargoed! });
}

export function released(signalId: string, article: Article, releasedAt: number): NewStoryEvent {
  return storyEvent('EmbargoReleased', { signalId, providerVersion: article.providerVersion, embargoedUntil: article.embargoed!, releasedAt });
}

export function stale(signalId: string, article: Article, latestProviderVersion: number): NewStoryEvent {
  return storyEvent('StaleVersionRejected', { signalId, item: articleRef(article), latestProviderVersion });
}

export function suppressed(signalId: string, article: Article, duplicateOf: ArticleRef, evidence: SimilarityEvidence | null = null): NewStoryEvent {
  return storyEvent('DuplicateSuppressed', { signalId, item: articleRef(article), duplicateOf, evidence });
}

export function joined(signalId: string, article: Article, evidence: SimilarityEvidence, relation: 'NEAR_DUPLICATE' | 'SAME_EVENT' = 'NEAR_DUPLICATE'): NewStoryEvent {
  return storyEvent('RelatedItemJoined', { signalId, relation, article, evidence });
}

export function killedBy(signalId: string, article: Article, cause: KillCause = 'KILL_SIGNAL'): NewStoryEvent {
  return storyEvent('StoryKilled', { signalId, cause, requestedBy: article.provider.id, reason: article.ednote, item: articleRef(article), mergedInto: null });
}

export function withdrawnByProvider(signalId: string, article: Article): NewStoryEvent {
  return storyEvent('RelatedItemWithdrawn', { signalId, item: articleRef(article), reason: 'PROVIDER_KILL', movedTo: null });
}

/** The router moved a related item (as last joined: `article`) to the story `movedTo`. */
export function regrouped(signalId: string, article: Article, movedTo: string): NewStoryEvent {
  return storyEvent('RelatedItemWithdrawn', { signalId, item: articleRef(article), reason: 'REGROUPED', movedTo });
}

export function withdrawRelated(signalId: string, article: Article, movedTo: string): WithdrawRelatedItem {
  return { type: 'WithdrawRelatedItem', signalId, item: itemKey(article), movedTo };
}

export function merge(signalId: string, into: string, requestedBy = 'router'): MergeStory {
  return { type: 'MergeStory', signalId, into, requestedBy };
}

export function mergedInto(signalId: string, into: string, requestedBy = 'router'): NewStoryEvent {
  return storyEvent('StoryKilled', { signalId, cause: 'MERGED', requestedBy, reason: `merged into ${into}`, item: null, mergedInto: into });
}

export function rejectedCommand(signalId: string, command: string, reason: RejectionReason, item: ArticleRef | null): NewStoryEvent {
  return storyEvent('CommandRejected', { signalId, command, reason, item });
}

/** The events of a story opened by `article` and published at once. */
export function openedWith(signalId: string, article: Article, routing: RoutingDecision['kind'] = 'new-story'): NewStoryEvent[] {
  return [received(signalId, article, routing), opened(signalId, article), accepted(signalId, article), published(signalId, article, NOW - 60_000)];
}

export function updatedWith(signalId: string, article: Article, supersedes: number): NewStoryEvent[] {
  return [received(signalId, article), accepted(signalId, article, supersedes), published(signalId, article, NOW - 30_000)];
}
