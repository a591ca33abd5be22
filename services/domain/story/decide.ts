import { articleRef } from './article-facts.ts';
import { assertNever } from './assert-never.ts';
import { decideReparse, decideSubmission } from './decide-submission.ts';
import { rejected } from './rejected.ts';
import type { Kill, MergeStory, RecordEnrichment, ReleaseEmbargo, StoryCommand, WithdrawRelatedItem } from './story-commands.ts';
import { storyEvent, type NewStoryEvent } from './story-events.ts';
import { findRelated, findVersion, hasProcessedSignal, type EmptyStory, type LiveStory, type StoryState } from './story-state.ts';

/**
 * Decides what a command means for a story. Pure: time comes in as `now` (workflow time), so the
 * same command on the same state always yields the same events.
 */
export function decide(command: StoryCommand, state: StoryState, now: number): NewStoryEvent[] {
  if (hasProcessedSignal(state, command.signalId)) return [];
  if (state.status === 'killed') return decideAfterKill(command);
  switch (command.type) {
    case 'SubmitArticle':
      return decideSubmission(command, state, now);
    case 'ReleaseEmbargo':
      return decideRelease(command, state);
    case 'RecordEnrichment':
      return decideEnrichment(command, state);
    case 'Kill':
      return decideKill(command);
    case 'WithdrawRelatedItem':
      return decideWithdrawal(command, state);
    case 'MergeStory':
      return decideMerge(command);
    case 'ReparseArticle':
      return decideReparse(command, state, now);
    default:
      return assertNever(command);
  }
}

/** Kill fence: nothing after a kill adds a version or publishes; at most the attempt is recorded. */
function decideAfterKill(command: StoryCommand): NewStoryEvent[] {
  switch (command.type) {
    case 'ReleaseEmbargo':
      return [];
    case 'SubmitArticle':
    case 'ReparseArticle':
      return [rejected(command, 'STORY_KILLED', articleRef(command.article))];
    case 'RecordEnrichment':
    case 'Kill':
    case 'WithdrawRelatedItem':
    case 'MergeStory':
      return [rejected(command, 'STORY_KILLED', null)];
    default:
      return assertNever(command);
  }
}

function decideRelease(command: ReleaseEmbargo, state: EmptyStory | LiveStory): NewStoryEvent[] {
  // A timer set for an earlier embargo may fire after an update moved it: only the held version's own end counts.
  if (state.status !== 'embargoed' || command.at < state.held.embargoedUntil) return [];
  const { held } = state;
  return [
    storyEvent('EmbargoReleased', {
      signalId: command.signalId,
      providerVersion: held.article.providerVersion,
      embargoedUntil: held.embargoedUntil,
      releasedAt: command.at,
    }),
    storyEvent('VersionPublished', { signalId: command.signalId, item: articleRef(held.article), publishedAt: command.at }),
  ];
}

function decideEnrichment(command: RecordEnrichment, state: EmptyStory | LiveStory): NewStoryEvent[] {
  const version = state.status === 'empty' ? undefined : findVersion(state, command.providerVersion);
  if (!version) return [rejected(command, 'UNKNOWN_VERSION', null)];
  if (version.enricherVersions.includes(command.enricherVersion)) return [];
  return [
    storyEvent('VersionEnriched', {
      signalId: command.signalId,
      providerVersion: version.item.providerVersion,
      contentHash: version.item.contentHash,
      enricherVersion: command.enricherVersion,
      enrichment: command.enrichment,
    }),
  ];
}

/** An operator may withdraw a story before any version arrived: the fence then holds from the start. */
function decideKill(command: Kill): NewStoryEvent[] {
  return [storyKilled(command, 'OPERATOR', command.reason, null)];
}

/**
 * Regrouping moves a related item to another story. Only an item that is related coverage now can
 * leave; the story's own item, an unknown one or one its provider withdrew is recorded as rejected.
 */
function decideWithdrawal(command: WithdrawRelatedItem, state: EmptyStory | LiveStory): NewStoryEvent[] {
  const related = state.status === 'empty' ? undefined : findRelated(state, command.item);
  if (!related) return [rejected(command, 'UNKNOWN_ITEM', null)];
  if (related.withdrawn) return [rejected(command, 'ITEM_WITHDRAWN', related.item)];
  return [storyEvent('RelatedItemWithdrawn', { signalId: command.signalId, item: related.item, reason: 'REGROUPED', movedTo: command.movedTo })];
}

/** A story found to be the same event as another is killed, pointing at the story that carries its items on. */
function decideMerge(command: MergeStory): NewStoryEvent[] {
  return [storyKilled(command, 'MERGED', `merged into ${command.into}`, command.into)];
}

/** A withdrawal not sent by the provider: no item of the story names it. */
function storyKilled(command: Kill | MergeStory, cause: 'OPERATOR' | 'MERGED', reason: string | null, mergedInto: string | null): NewStoryEvent {
  return storyEvent('StoryKilled', { signalId: command.signalId, cause, requestedBy: command.requestedBy, reason, item: null, mergedInto });
}
