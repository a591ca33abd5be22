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
  /** Acknowledged items whose submission was decided more than once. */
  readonly decidedTwice: readonly string[];
  /** Updates the event log implies that are not on story-updates.v1 (a gap). */
  readonly missingUpdates: readonly string[];
  /** Records sharing (storyId, version, reason): the issue's definition of duplicated. */
  readonly duplicated: readonly string[];
  /** Records sharing one updateId. */
  readonly duplicateUpdateIds: readonly string[];
  /** Stories whose updates are not in increasing sequence order. */
  readonly outOfOrder: readonly string[];
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
  const decisions = new Map<string, number>();
  for (const event of uniqueEvents(events)) {
    const decided = decidedSubmission(event);
    if (decided) decisions.set(decided, (decisions.get(decided) ?? 0) + 1);
  }
  const lost = acknowledged.filter((item) => !decisions.has(item.submissionId)).map((item) => `${item.label} ${item.submissionId}`);
  const decidedTwice = acknowledged.filter((item) => (decisions.get(item.submissionId) ?? 0) > 1).map((item) => `${item.label} ${item.submissionId} ×${decisions.get(item.submissionId)}`);

  const expected = expectedUpdateIds(events);
  const seenIds = new Map<string, number>();
  const byChange = new Map<string, number>();
  const sequences = new Map<string, number[]>();
  for (const { update } of updates) {
    if (!expected.stories.has(update.storyId)) continue;
    seenIds.set(update.updateId, (seenIds.get(update.updateId) ?? 0) + 1);
    // (storyId, version, reason); a RELATED update also names how many related items the story has, since each join is its own change.
    const change = `${update.storyId} v${update.version ?? '-'} ${update.reason}${update.reason === 'RELATED' ? ` #${update.story?.related.length ?? 0}` : ''}`;
    byChange.set(change, (byChange.get(change) ?? 0) + 1);
    sequences.set(update.storyId, [...(sequences.get(update.storyId) ?? []), update.sequence]);
  }
  const outOfOrder = [...sequences].filter(([, seqs]) => seqs.some((seq, i) => i > 0 && seq <= seqs[i - 1]!)).map(([storyId, seqs]) => `${storyId}: ${seqs.join(',')}`);
  return {
    acknowledged: acknowledged.length,
    lost,
    decidedTwice,
    missingUpdates: [...expected.ids].filter((id) => !seenIds.has(id)),
    duplicated: [...byChange].filter(([, n]) => n > 1).map(([change, n]) => `${change} ×${n}`),
    duplicateUpdateIds: [...seenIds].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`),
    outOfOrder,
    stories: expected.stories.size,
    events: uniqueEvents(events).length,
    updates: [...seenIds.values()].reduce((a, b) => a + b, 0),
    expectedUpdates: expected.ids.size,
  };
}

/** The submission a story event decides: its receipt, or the story's recorded refusal of it (a killed story refuses). */
function decidedSubmission(event: RecordedStoryEvent): string | null {
  if (event.type === 'ArticleReceived') return event.payload.submissionId ?? null;
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
  for (const event of uniqueEvents(events)) perStory.set(event.storyId, [...(perStory.get(event.storyId) ?? []), event]);
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
