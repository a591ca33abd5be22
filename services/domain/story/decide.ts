import { articleRef } from './article-facts.ts';
import { assertNever } from './assert-never.ts';
import { decideSubmission } from './decide-submission.ts';
import { rejected } from './rejected.ts';
import type { Kill, RecordEnrichment, ReleaseEmbargo, StoryCommand } from './story-commands.ts';
import { storyEvent, type NewStoryEvent } from './story-events.ts';
import { findVersion, hasProcessedSignal, type EmptyStory, type LiveStory, type StoryState } from './story-state.ts';

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
      return [rejected(command, 'STORY_KILLED', articleRef(command.article))];
    case 'RecordEnrichment':
    case 'Kill':
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
  return [
    storyEvent('StoryKilled', {
      signalId: command.signalId,
      cause: 'OPERATOR',
      requestedBy: command.requestedBy,
      reason: command.reason,
      item: null,
    }),
  ];
}
