import { describe, expect, it } from 'vitest';
import type { RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { revised, seedArticle } from '../../support/articles.ts';
import { runId } from '../../support/run-id.ts';
import { storyEvents } from '../../support/story-events.ts';
import { useStoryStack } from '../../support/story-stack.ts';


const distinctById = (events: RecordedStoryEvent[]) => [...new Map(events.map((e) => [e.eventId, e])).values()];

describe('story regrouping on the real Temporal server', () => {
  const stack = useStoryStack('regroup-stories');

  it('withdraws a regrouped related item once, lets it join again, then merges the story away behind the kill fence', async () => {
    const { platform, stories } = stack;
    const storyId = runId('st');
    const own = seedArticle('wire-a', runId('item'));
    const relatedItem = { ...revised(own, 1, (body) => body.replace('tried to lower', 'sought to ease')), provider: { id: 'wire-b', name: 'wire-b', credit: null }, providerItemId: 'b-1', uri: 'storyline:item:wire-b:b-1' };
    const evidence = { signals: [{ name: 'minhash-jaccard', score: 0.71 }], total: 0.71, matchedItem: null };
    const item = { providerId: 'wire-b', providerItemId: 'b-1' };

    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'a1', article: own, routing: { kind: 'new-story' } });
    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r1', article: relatedItem, routing: { kind: 'same-event', evidence } });
    // The router may deliver a regrouping twice (at-least-once): the signal id makes the second a no-op.
    await stories.withdrawRelated(storyId, { type: 'WithdrawRelatedItem', signalId: 'w1', item, movedTo: 'st-x' });
    await stories.withdrawRelated(storyId, { type: 'WithdrawRelatedItem', signalId: 'w1', item, movedTo: 'st-x' });
    // A later regrouping moves it back.
    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r2', article: relatedItem, routing: { kind: 'same-event', evidence } });
    await stories.mergeInto(storyId, { type: 'MergeStory', signalId: 'm1', into: 'st-y', requestedBy: 'router' });
    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'a2', article: revised(own, 2, (body) => `${body}\n\nLate paragraph.`), routing: { kind: 'same-item' } });

    const events = distinctById(await storyEvents(platform, storyId, (es) => es.some((e) => e.type === 'CommandRejected')));
    const types = events.map((e) => e.type);
    const withdrawals = events.filter((e) => e.type === 'RelatedItemWithdrawn').map((e) => e.payload);
    expect(withdrawals).toEqual([{ signalId: 'w1', item: expect.objectContaining(item), reason: 'REGROUPED', movedTo: 'st-x' }]);
    expect(types.filter((t) => t === 'RelatedItemJoined')).toHaveLength(2);
    const killedAt = types.indexOf('StoryKilled');
    expect(events[killedAt]!.payload).toMatchObject({ signalId: 'm1', cause: 'MERGED', requestedBy: 'router', mergedInto: 'st-y', item: null });
    expect(events.slice(killedAt + 1)).toMatchObject([{ type: 'CommandRejected', payload: { signalId: 'a2', command: 'SubmitArticle', reason: 'STORY_KILLED' } }]);
    expect(types.filter((t) => t === 'VersionAccepted')).toHaveLength(1);
    expect(await stories.state(storyId)).toMatchObject({ status: 'killed', kill: { cause: 'MERGED', mergedInto: 'st-y' } });
  });

  it('refuses to merge a story into itself before signalling anything', async () => {
    const { stories } = stack;
    const storyId = runId('st');
    await expect(stories.mergeInto(storyId, { type: 'MergeStory', signalId: 'm1', into: storyId, requestedBy: 'router' })).rejects.toThrow('cannot be merged into itself');
  });

  it('treats a withdrawal or a merge for a story without a workflow as poison, as any plain signal', async () => {
    const { stories } = stack;
    const missing = runId('st-missing');
    await expect(stories.withdrawRelated(missing, { type: 'WithdrawRelatedItem', signalId: 'w1', item: { providerId: 'p', providerItemId: 'i' }, movedTo: 'st-x' })).rejects.toMatchObject({
      code: 'story_workflow_not_found',
      disposition: 'poison',
    });
    await expect(stories.mergeInto(missing, { type: 'MergeStory', signalId: 'm1', into: 'st-y', requestedBy: 'router' })).rejects.toMatchObject({ code: 'story_workflow_not_found', disposition: 'poison' });
  });
});
