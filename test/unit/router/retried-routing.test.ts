import { describe, expect, it } from 'vitest';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { routeArticle, storyIdFor } from '../../../services/dedupe/routing-pipeline.ts';
import { quakeChile, quakeChileRewrite } from '../dedupe/articles.ts';

describe('a retried routing', () => {
  it('replays the decision recorded with the index write instead of finding the item’s own mapping', async () => {
    const index = inMemoryDedupeIndex();
    await routeArticle(quakeChile, index, { submissionId: 'sub-a-1' });
    const first = await routeArticle(quakeChileRewrite, index, { submissionId: 'sub-b-7' });
    // The signal to the story failed; the handler runs again with the same submission.
    const retried = await routeArticle(quakeChileRewrite, index, { submissionId: 'sub-b-7' });

    expect(first.storyId).toBe(storyIdFor({ providerId: 'wire-a', providerItemId: 'a-1' }));
    expect(['near-duplicate', 'same-event']).toContain(first.decision.kind);
    expect(retried.decision).toEqual(first.decision);
    expect(retried.storyId).toBe(first.storyId);
  });

  it('decides afresh for a new submission of the same item (a provider update is the same item)', async () => {
    const index = inMemoryDedupeIndex();
    await routeArticle(quakeChile, index, { submissionId: 'sub-a-1' });
    await routeArticle(quakeChileRewrite, index, { submissionId: 'sub-b-7' });
    const update = await routeArticle({ ...quakeChileRewrite, providerVersion: 2 }, index, { submissionId: 'sub-b-7-v2' });
    expect(update.decision.kind).toBe('same-item');
  });
});
