import type { KillCause, RelationKind, RoutingKind } from '../../contracts/types.generated.ts';
import { articleRef, isCorrection, isUnderEmbargo, itemKey, killCause } from './article-facts.ts';
import { assertNever } from './assert-never.ts';
import { rejected } from './rejected.ts';
import type { ReparseArticle, RoutingDecision, SubmitArticle } from './story-commands.ts';
import { storyEvent, type NewStoryEvent } from './story-events.ts';
import { findRelated, findVersion, latestVersion, type EmptyStory, type LiveStory, type RelatedItem, type VersionSummary } from './story-state.ts';

const ROUTING_KINDS: Record<RoutingDecision['kind'], RoutingKind> = {
  'new-story': 'NEW_STORY',
  'same-item': 'SAME_ITEM',
  'exact-duplicate': 'EXACT_DUPLICATE',
  'near-duplicate': 'NEAR_DUPLICATE',
  'same-event': 'SAME_EVENT',
};

/** Every submission is recorded as received (which also marks its signal processed), then its outcome. */
export function decideSubmission(command: SubmitArticle, state: EmptyStory | LiveStory, now: number): NewStoryEvent[] {
  const { signalId, article, routing } = command;
  const received = storyEvent('ArticleReceived', {
    signalId,
    routing: ROUTING_KINDS[routing.kind],
    item: articleRef(article),
    submissionId: article.raw.submissionId,
  });
  return [received, ...outcome(command, state, now)];
}

function outcome(command: SubmitArticle, state: EmptyStory | LiveStory, now: number): NewStoryEvent[] {
  // Whatever the router thought, an empty story takes the article as its first item: nothing is lost.
  if (state.status === 'empty') return openStory(command, now);
  // Identity beats similarity: an item the story already holds follows its own version rules.
  if (isKnownOwnItem(command, state)) return ownVersion(command, state, now);
  const related = findRelated(state, itemKey(command.article));
  if (related) return relatedVersion(command, related);
  const ownProvider = command.article.provider.id === state.owner.providerId;
  if (ownProvider && (command.routing.kind === 'new-story' || command.routing.kind === 'same-item')) {
    return ownVersion(command, state, now);
  }
  return otherItem(command);
}

function isKnownOwnItem({ article }: SubmitArticle | ReparseArticle, state: LiveStory): boolean {
  if (article.provider.id !== state.owner.providerId) return false;
  return article.providerItemId === state.owner.providerItemId || state.versions.some((v) => v.item.providerItemId === article.providerItemId);
}

function openStory(command: SubmitArticle, now: number): NewStoryEvent[] {
  const cause = killCause(command.article);
  if (cause) return [killed(command, cause)];
  return [storyEvent('StoryOpened', { signalId: command.signalId, item: articleRef(command.article) }), ...becomeCurrent(command, undefined, now)];
}

function ownVersion(command: SubmitArticle, state: LiveStory, now: number): NewStoryEvent[] {
  const { article } = command;
  // A kill is honoured whatever its version number: a late kill must never be dropped as stale.
  const cause = killCause(article);
  if (cause) return [killed(command, cause)];
  const sameVersion = findVersion(state, article.providerVersion);
  if (sameVersion && sameVersion.item.contentHash === article.contentHash) return [duplicate(command, sameVersion)];
  const latest = latestVersion(state);
  if (latest && article.providerVersion <= latest.item.providerVersion) {
    return [storyEvent('StaleVersionRejected', { signalId: command.signalId, item: articleRef(article), latestProviderVersion: latest.item.providerVersion })];
  }
  if (latest && article.contentHash === latest.item.contentHash && article.embargoed === latest.embargoed) return [duplicate(command, latest)];
  return becomeCurrent(command, latest, now);
}

/**
 * A re-parsed article replaces the version it was parsed from, in the story that holds the item: the
 * story's own item becomes a new public version when it is still the latest one and its headline or
 * body changed; a related item is joined again with its new text, under the relation it had.
 */
export function decideReparse(command: ReparseArticle, state: EmptyStory | LiveStory, now: number): NewStoryEvent[] {
  const { signalId, article } = command;
  const item = articleRef(article);
  if (state.status === 'empty') return [rejected(command, 'UNKNOWN_ITEM', item)];
  if (isKnownOwnItem(command, state)) {
    const version = findVersion(state, article.providerVersion);
    if (!version) return [rejected(command, 'UNKNOWN_VERSION', item)];
    if (version.item.contentHash === article.contentHash) return [];
    const latest = latestVersion(state);
    if (latest && latest.item.providerVersion !== article.providerVersion) return [storyEvent('StaleVersionRejected', { signalId, item, latestProviderVersion: latest.item.providerVersion })];
    return becomeCurrent(command, latest, now);
  }
  const related = findRelated(state, itemKey(article));
  if (!related) return [rejected(command, 'UNKNOWN_ITEM', item)];
  if (related.withdrawn) return [rejected(command, 'ITEM_WITHDRAWN', item)];
  if (related.item.providerVersion !== article.providerVersion) return [storyEvent('StaleVersionRejected', { signalId, item, latestProviderVersion: related.item.providerVersion })];
  if (related.item.contentHash === article.contentHash) return [];
  return [storyEvent('RelatedItemJoined', { signalId, relation: related.relation, article, evidence: related.evidence })];
}

function becomeCurrent(command: SubmitArticle | ReparseArticle, latest: VersionSummary | undefined, now: number): NewStoryEvent[] {
  const { signalId, article } = command;
  if (isUnderEmbargo(article, now)) return [storyEvent('EmbargoHeld', { signalId, article, embargoedUntil: article.embargoed })];
  const previous = latest?.item.providerVersion ?? null;
  const accepted = isCorrection(article)
    ? storyEvent('CorrectionAccepted', { signalId, article, correctsProviderVersion: previous })
    : storyEvent('VersionAccepted', { signalId, article, supersedesProviderVersion: previous });
  return [accepted, storyEvent('VersionPublished', { signalId, item: articleRef(article), publishedAt: now })];
}

/**
 * A provider may withdraw its related item; that withdraws the item, not the story it joined, and for
 * good. (An item regrouped away is no longer related here, so it never reaches this point: it joins afresh.)
 */
function relatedVersion(command: SubmitArticle, related: RelatedItem): NewStoryEvent[] {
  const { signalId, article, routing } = command;
  const item = articleRef(article);
  if (related.withdrawn) return [rejected(command, 'ITEM_WITHDRAWN', item)];
  if (killCause(article)) return [storyEvent('RelatedItemWithdrawn', { signalId, item, reason: 'PROVIDER_KILL', movedTo: null })];
  if (article.contentHash === related.item.contentHash) return [storyEvent('DuplicateSuppressed', { signalId, item, duplicateOf: related.item, evidence: null })];
  if (article.providerVersion <= related.item.providerVersion) {
    return [storyEvent('StaleVersionRejected', { signalId, item, latestProviderVersion: related.item.providerVersion })];
  }
  switch (routing.kind) {
    case 'exact-duplicate':
      return [storyEvent('DuplicateSuppressed', { signalId, item, duplicateOf: routing.of, evidence: null })];
    case 'near-duplicate':
    case 'same-event':
      return [storyEvent('RelatedItemJoined', { signalId, relation: relationOf(routing), article, evidence: routing.evidence })];
    case 'new-story':
    case 'same-item':
      return [storyEvent('RelatedItemJoined', { signalId, relation: related.relation, article, evidence: related.evidence })];
    default:
      return assertNever(routing);
  }
}

function otherItem(command: SubmitArticle): NewStoryEvent[] {
  const { signalId, article, routing } = command;
  const item = articleRef(article);
  switch (routing.kind) {
    case 'new-story':
    case 'same-item':
      // A provider may only amend its own items.
      return [rejected(command, 'FOREIGN_PROVIDER', item)];
    case 'exact-duplicate':
      return killCause(article) ? [rejected(command, 'UNKNOWN_ITEM', item)] : [storyEvent('DuplicateSuppressed', { signalId, item, duplicateOf: routing.of, evidence: null })];
    case 'near-duplicate':
    case 'same-event': {
      if (killCause(article)) return [rejected(command, 'UNKNOWN_ITEM', item)];
      // A provider re-sending its own copy, lightly edited, under a new id is a duplicate, not coverage.
      const resent = routing.kind === 'near-duplicate' && routing.evidence.matchedItem?.providerId === article.provider.id ? routing.evidence.matchedItem : null;
      if (resent) return [storyEvent('DuplicateSuppressed', { signalId, item, duplicateOf: resent, evidence: routing.evidence })];
      return [storyEvent('RelatedItemJoined', { signalId, relation: relationOf(routing), article, evidence: routing.evidence })];
    }
    default:
      return assertNever(routing);
  }
}

function relationOf(routing: Extract<RoutingDecision, { kind: 'near-duplicate' | 'same-event' }>): RelationKind {
  return routing.kind === 'near-duplicate' ? 'NEAR_DUPLICATE' : 'SAME_EVENT';
}

function duplicate(command: SubmitArticle, of: VersionSummary): NewStoryEvent {
  return storyEvent('DuplicateSuppressed', { signalId: command.signalId, item: articleRef(command.article), duplicateOf: of.item, evidence: null });
}

function killed({ signalId, article }: SubmitArticle, cause: KillCause): NewStoryEvent {
  return storyEvent('StoryKilled', { signalId, cause, requestedBy: article.provider.id, reason: article.ednote, item: articleRef(article), mergedInto: null });
}
