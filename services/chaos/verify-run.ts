import type { StoryUpdate } from '../contracts/types.generated.ts';
import type { RecordedStoryEvent } from '../domain/story/index.ts';
import { applyEvent, initialView, type StoryView } from '../publish/story-view.ts';

/** An item the ingest API acknowledged (202). */
export interface Acknowledged {
  readonly submissionId: string;
  readonly label: string;
}

/** One story-updates.v1 record as read (read_committed), in partition order. */
export interface ReadUpdate {
  readonly update: StoryUpdate;
  readonly partition: number;
  readonly offset: string;
}

export interface Verdict {
  readonly acknowledged: number;
  /** Acknowledged items with no story decision (ArticleReceived, or a recorded rejection of their SubmitArticle). */
  readonly lost: readonly string[];
  /** Acknowledged items whose submission was decided more than once (by the router's signal, in two stories or twice in one). */
  readonly decidedTwice: readonly string[];
  /** Items a regrouping re-sent to another story: a move (signal `regroup:<n>:<item>`), not a second decision of the submission. */
  readonly regroupingMoves: number;
  /** Updates the event log implies that are not on story-updates.v1 (a gap). */
  readonly missingUpdates: readonly string[];
  /** Records of one change: the same (storyId, version, reason), for RELATED from the same command (see `changeOf`). */
  readonly duplicated: readonly string[];
  /** Records sharing one updateId. */
  readonly duplicateUpdateIds: readonly string[];
  /** Stories whose updates are not in increasing sequence order. */
  readonly outOfOrder: readonly string[];
  /** RELATED updates that share (storyId, version) with another of a different command: joins and withdrawals of different items, each its own change. */
  readonly relatedSharingVersion: number;
  readonly stories: number;
  readonly events: number;
  readonly updates: number;
  readonly expectedUpdates: number;
}

/**
 * What the chaos run checks, as a pure function of what it sent and what it read back:
 * every acknowledged item decided exactly once in story.events.v1, and every change the log implies
 * (the publisher's own pure view fold) exactly once on story-updates.v1, in order per story.
 */
export function verifyRun(acknowledged: readonly Acknowledged[], events: readonly RecordedStoryEvent[], updates: readonly ReadUpdate[]): Verdict {
  const unique = uniqueEvents(events);
  const decisions = new Map<string, number>();
  for (const event of unique) {
    const decided = decidedSubmission(event);
    if (decided) decisions.set(decided, (decisions.get(decided) ?? 0) + 1);
  }
  const lost = acknowledged.filter((item) => !decisions.has(item.submissionId)).map((item) => `${item.label} ${item.submissionId}`);
  const decidedTwice = acknowledged.filter((item) => (decisions.get(item.submissionId) ?? 0) > 1).map((item) => `${item.label} ${item.submissionId} ×${decisions.get(item.submissionId)}`);

  const expected = expectedUpdateIds(unique);
  const causes = new Map(unique.map((event) => [event.eventId, causeOf(event)]));
  const seenIds = new Map<string, number>();
  const byChange = new Map<string, number>();
  const relatedByVersion = new Map<string, Set<string>>();
  const sequences = new Map<string, number[]>();
  for (const { update } of updates) {
    if (!expected.stories.has(update.storyId)) continue;
    seenIds.set(update.updateId, (seenIds.get(update.updateId) ?? 0) + 1);
    const change = changeOf(update, causes.get(update.updateId) ?? `update ${update.updateId}`);
    byChange.set(change, (byChange.get(change) ?? 0) + 1);
    if (update.reason === 'RELATED') {
      const version = `${update.storyId} v${update.version ?? '-'}`;
      relatedByVersion.set(version, (relatedByVersion.get(version) ?? new Set()).add(change));
    }
    sequences.set(update.storyId, [...(sequences.get(update.storyId) ?? []), update.sequence]);
  }
  const outOfOrder = [...sequences].filter(([, seqs]) => seqs.some((seq, i) => i > 0 && seq <= seqs[i - 1]!)).map(([storyId, seqs]) => `${storyId}: ${seqs.join(',')}`);
  return {
    acknowledged: acknowledged.length,
    lost,
    decidedTwice,
    regroupingMoves: unique.filter((event) => event.type === 'ArticleReceived' && event.payload.signalId.startsWith(REGROUPING_SIGNAL)).length,
    missingUpdates: [...expected.ids].filter((id) => !seenIds.has(id)),
    duplicated: [...byChange].filter(([, n]) => n > 1).map(([change, n]) => `${change} ×${n}`),
    duplicateUpdateIds: [...seenIds].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`),
    outOfOrder,
    relatedSharingVersion: [...relatedByVersion.values()].filter((changes) => changes.size > 1).reduce((n, changes) => n + changes.size, 0),
    stories: expected.stories.size,
    events: unique.length,
    updates: [...seenIds.values()].reduce((a, b) => a + b, 0),
    expectedUpdates: expected.ids.size,
  };
}

const REGROUPING_SIGNAL = 'regroup:';

/**
 * The identity of a published change: (storyId, version, reason). A story's related coverage
 * changes many times within one version, each join or withdrawal its own change, so a RELATED change
 * is also named by the command that caused it: the same command published twice is a duplicate.
 */
function changeOf(update: StoryUpdate, cause: string): string {
  const change = `${update.storyId} v${update.version ?? '-'} ${update.reason}`;
  return update.reason === 'RELATED' ? `${change} (${cause})` : change;
}

/** The command behind an event: its signal id where the event records one. */
function causeOf(event: RecordedStoryEvent): string {
  const payload = event.payload as { signalId?: unknown };
  return typeof payload.signalId === 'string' ? `signal ${payload.signalId}` : `event ${event.type} ${event.eventId}`;
}

/**
 * The submission a story event decides: its receipt under the router's signal (the submission id), or
 * the story's recorded refusal of it (a killed story refuses). A regrouping's re-send is not a decision.
 */
function decidedSubmission(event: RecordedStoryEvent): string | null {
  if (event.type === 'ArticleReceived') return event.payload.signalId === event.payload.submissionId ? event.payload.signalId : null;
  if (event.type === 'CommandRejected' && event.payload.command === 'SubmitArticle') return event.payload.signalId;
  return null;
}

function uniqueEvents(events: readonly RecordedStoryEvent[]): RecordedStoryEvent[] {
  const byId = new Map<string, RecordedStoryEvent>();
  for (const event of events) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
  return [...byId.values()];
}

/** The publisher's fold over each story's log: an update is expected for every event that changes the public view. */
function expectedUpdateIds(events: readonly RecordedStoryEvent[]): { ids: Set<string>; stories: Set<string> } {
  const perStory = new Map<string, RecordedStoryEvent[]>();
  for (const event of events) perStory.set(event.storyId, [...(perStory.get(event.storyId) ?? []), event]);
  const ids = new Set<string>();
  for (const [storyId, storyEvents] of perStory) {
    let view: StoryView = initialView(storyId);
    for (const event of storyEvents.sort((a, b) => a.sequence - b.sequence)) {
      const { view: next, change } = applyEvent(view, event);
      view = next;
      if (change) ids.add(event.eventId);
    }
  }
  return { ids, stories: new Set(perStory.keys()) };
}

export function isClean(verdict: Verdict): boolean {
  return [verdict.lost, verdict.decidedTwice, verdict.missingUpdates, verdict.duplicated, verdict.duplicateUpdateIds, verdict.outOfOrder].every((list) => list.length === 0);
}
