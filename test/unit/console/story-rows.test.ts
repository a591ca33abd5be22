import { describe, expect, it } from 'vitest';
import type { Story, StoryUpdate } from '../../../services/contracts/types.generated.ts';
import { applyUpdate, initialRows } from '../../../services/console/web/src/story-rows.ts';
import { seedArticle } from '../../support/articles.ts';

function story(storyId: string, version: number, publishedAt: number): Story {
  const article = seedArticle('wire', storyId);
  return { storyId, sequence: version, version, correction: false, firstPublishedAt: 1, publishedAt, article, enrichment: null, enricherVersion: null, related: [], facets: { provider: 'wire', subjects: [], places: [], people: [], organisations: [] }, publishedVersions: [version] };
}

function update(storyId: string, reason: StoryUpdate['reason'], at: number, extra: Partial<StoryUpdate> = {}): StoryUpdate {
  const published = reason === 'KILL' ? null : story(storyId, 1, at);
  return { updateId: `${storyId}:${at}`, storyId, sequence: at, reason, occurredAt: at, version: published?.version ?? null, changes: null, story: published, killCause: null, mergedInto: null, replay: null, ...extra };
}

describe('the live story list', () => {
  it('adds a new story, replaces it on an update, and keeps it marked after a kill', () => {
    let rows = applyUpdate(new Map(), update('s1', 'NEW', 10), true);
    expect(rows.get('s1')).toMatchObject({ fresh: true, killed: null, at: 10 });
    expect(rows.get('s1')?.headline).not.toBe('');
    rows = applyUpdate(rows, update('s1', 'KILL', 20, { killCause: 'KILL_SIGNAL' }), true);
    expect(rows.get('s1')).toMatchObject({ killed: { cause: 'KILL_SIGNAL', mergedInto: null }, at: 20 });
    expect(rows.get('s1')?.story?.storyId).toBe('s1');
    // Nothing brings a killed row back to life, not even a late update delivered out of order.
    rows = applyUpdate(rows, update('s1', 'UPDATE', 30), true);
    expect(rows.get('s1')?.killed).not.toBeNull();
  });

  it('marks a merge with the story it continues in', () => {
    const rows = applyUpdate(new Map(), update('s2', 'KILL', 5, { killCause: 'MERGED', mergedInto: 's1' }), false);
    expect(rows.get('s2')?.killed).toEqual({ cause: 'MERGED', mergedInto: 's1' });
  });

  it('opens with the published stories and the recently withdrawn ones only', () => {
    const rows = initialRows([story('live', 2, 50)], [update('gone', 'NEW', 1), update('gone', 'KILL', 2, { killCause: 'OPERATOR' }), update('other', 'NEW', 3)]);
    expect([...rows.keys()].sort()).toEqual(['gone', 'live']);
    expect(rows.get('gone')?.killed?.cause).toBe('OPERATOR');
    expect(rows.get('live')?.killed).toBeNull();
  });
});
