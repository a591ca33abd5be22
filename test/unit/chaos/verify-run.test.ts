import { describe, expect, it } from 'vitest';
import { recordStoryEvents, type RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { applyEvent, initialView } from '../../../services/publish/story-view.ts';
import { storyUpdateOf } from '../../../services/publish/story-update.ts';
import { isClean, verifyRun, type ReadUpdate } from '../../../services/chaos/verify-run.ts';
import { joined, openedWith, received, regrouped, updatedWith } from '../domain/story-event-builders.ts';
import { anArticle } from '../domain/story-fixtures.ts';

function story(storyId: string, submissions: [string, string]): RecordedStoryEvent[] {
  const v1 = anArticle({ providerItemId: storyId, providerVersion: 1, raw: { ...anArticle().raw, submissionId: submissions[0] } });
  const v2 = anArticle({ providerItemId: storyId, providerVersion: 2, contentHash: `${storyId}-2`, raw: { ...anArticle().raw, submissionId: submissions[1] } });
  const context = { storyId, occurredAt: 1, recordedAt: 1, causationId: 'c', correlationId: null, producer: 'test' };
  const opened = recordStoryEvents(openedWith(submissions[0], v1), { ...context, afterSequence: 0 });
  return [...opened, ...recordStoryEvents(updatedWith(submissions[1], v2, 1), { ...context, afterSequence: opened.length })];
}

const context = (storyId: string) => ({ storyId, occurredAt: 1, recordedAt: 1, causationId: 'c', correlationId: null, producer: 'test' });
const evidence = { signals: [{ name: 'regrouped', score: 0.9 }], total: 0.9, matchedItem: null };
const coverage = (itemId: string, submissionId: string) => anArticle({ providerId: 'wire-b', providerItemId: itemId, raw: { ...anArticle().raw, submissionId } });

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

  it('counts a regrouping’s re-send as a move, and a second routing of the submission as deciding it twice', () => {
    const item = coverage('b-1', 'sub-b');
    const s2 = recordStoryEvents([...openedWith('sub-x', anArticle({ providerItemId: 's2', raw: { ...anArticle().raw, submissionId: 'sub-x' } })), received('sub-b', item, 'same-event'), joined('sub-b', item, evidence)], { ...context('s2'), afterSequence: 0 });
    const moved = recordStoryEvents([received('regroup:1:b-1', item, 'same-event'), joined('regroup:1:b-1', item, evidence)], { ...context('s1'), afterSequence: events.length });
    const sent = [...acknowledged, { submissionId: 'sub-x', label: 'new x' }, { submissionId: 'sub-b', label: 'new b' }];

    const verdict = verifyRun(sent, [...events, ...s2, ...moved], [...published([...events, ...moved]), ...published(s2)]);
    expect(verdict.decidedTwice).toEqual([]);
    expect(verdict.regroupingMoves).toBe(1);

    const routedTwice = recordStoryEvents([received('sub-b', item, 'same-event'), joined('sub-b', item, evidence)], { ...context('s1'), afterSequence: events.length });
    expect(verifyRun(sent, [...events, ...s2, ...routedTwice], [...published([...events, ...routedTwice]), ...published(s2)]).decidedTwice).toEqual(['new b sub-b ×2']);
  });

  it('tells related changes of one version apart by their command, and finds one command published twice', () => {
    const a = coverage('b-1', 'sub-b1');
    const b = coverage('b-2', 'sub-b2');
    // b-1 joins, a regrouping moves it away, b-2 joins: one related item each time, three changes.
    const churn = recordStoryEvents([joined('sub-b1', a, evidence), regrouped('regroup:2:b-1', a, 's9'), joined('sub-b2', b, evidence)], { ...context('s1'), afterSequence: events.length });
    const clean = verifyRun(acknowledged, [...events, ...churn], published([...events, ...churn]));
    expect(clean.duplicated).toEqual([]);
    expect(clean.relatedSharingVersion).toBe(3);

    const twice = recordStoryEvents([joined('sub-b1', a, evidence), joined('sub-b1', a, evidence)], { ...context('s1'), afterSequence: events.length });
    expect(verifyRun(acknowledged, [...events, ...twice], published([...events, ...twice])).duplicated).toEqual(['s1 v2 RELATED (signal sub-b1) ×2']);
  });
});
