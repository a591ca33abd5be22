import { describe, expect, it } from 'vitest';
import { recordStoryEvents, type RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { applyEvent, initialView } from '../../../services/publish/story-view.ts';
import { storyUpdateOf } from '../../../services/publish/story-update.ts';
import { isClean, verifyRun, type ReadUpdate } from '../../../services/chaos/verify-run.ts';
import { openedWith, updatedWith } from '../domain/story-event-builders.ts';
import { anArticle } from '../domain/story-fixtures.ts';

function story(storyId: string, submissions: [string, string]): RecordedStoryEvent[] {
  const v1 = anArticle({ providerItemId: storyId, providerVersion: 1, raw: { ...anArticle().raw, submissionId: submissions[0] } });
  const v2 = anArticle({ providerItemId: storyId, providerVersion: 2, contentHash: `${storyId}-2`, raw: { ...anArticle().raw, submissionId: submissions[1] } });
  const context = { storyId, occurredAt: 1, recordedAt: 1, causationId: 'c', correlationId: null, producer: 'test' };
  const opened = recordStoryEvents(openedWith(submissions[0], v1), { ...context, afterSequence: 0 });
  return [...opened, ...recordStoryEvents(updatedWith(submissions[1], v2, 1), { ...context, afterSequence: opened.length })];
}

/** What a correct publisher writes for these events. */
function published(events: readonly RecordedStoryEvent[]): ReadUpdate[] {
  let view = initialView(events[0]!.storyId);
  const updates: ReadUpdate[] = [];
  for (const event of events) {
    const applied = applyEvent(view, event);
    view = applied.view;
    if (applied.change) updates.push({ update: storyUpdateOf(applied.change, event), partition: 0, offset: String(updates.length) });
  }
  return updates;
}

describe('chaos run verification', () => {
  const events = story('s1', ['sub-1', 'sub-2']);
  const acknowledged = [
    { submissionId: 'sub-1', label: 'new 1' },
    { submissionId: 'sub-2', label: 'update 1 v2' },
  ];

  it('passes a run where every item was decided once and every change published once, in order', () => {
    const verdict = verifyRun(acknowledged, [...events, events[2]!], published(events));
    expect(isClean(verdict)).toBe(true);
    expect(verdict).toMatchObject({ acknowledged: 2, stories: 1, expectedUpdates: 2, updates: 2 });
  });

  it('counts an acknowledged item without a decision as lost', () => {
    const verdict = verifyRun([...acknowledged, { submissionId: 'sub-3', label: 'new 3' }], events, published(events));
    expect(verdict.lost).toEqual(['new 3 sub-3']);
    expect(isClean(verdict)).toBe(false);
  });

  it('finds a duplicate, a gap and an order inversion on story-updates.v1', () => {
    const [first, second] = published(events);
    expect(verifyRun(acknowledged, events, [first!, second!, second!]).duplicated).toEqual([`s1 v2 ${second!.update.reason} ×2`]);
    expect(verifyRun(acknowledged, events, [first!]).missingUpdates).toEqual([second!.update.updateId]);
    expect(verifyRun(acknowledged, events, [second!, first!]).outOfOrder).toHaveLength(1);
  });
});
