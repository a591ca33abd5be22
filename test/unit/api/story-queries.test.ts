import { describe, expect, it } from 'vitest';
import { FilterQuery, filterOf, matchesStory, matchesUpdate, primaryFacet } from '../../../services/api/story-filters.ts';
import { CursorCodec } from '../../../services/api/cursor.ts';
import { listStories, readFeed } from '../../../services/api/story-queries.ts';

const codec = new CursorCodec('a test key of at least sixteen bytes');
import type { Story } from '../../../services/contracts/types.generated.ts';
import { storyFacets } from '../../../services/publish/facets.ts';
import { TIME_INDEX, facetIndexKey, indexKeysOf } from '../../../services/publish/index-keys.ts';
import type { FeedEntry, StoryReadModel } from '../../../services/publish/story-read-model.ts';
import { anArticle } from '../domain/story-fixtures.ts';

function aStory(id: string, versioncreated: number, place: string, provider = 'ap'): Story {
  const article = anArticle({ providerId: provider, providerItemId: id, versioncreated, places: [{ name: place, uri: null, rel: null, countryCode: null, latitude: null, longitude: null }] });
  return { storyId: id, sequence: 4, version: 1, correction: false, firstPublishedAt: 0, publishedAt: 0, article, enrichment: null, enricherVersion: null, related: [], facets: storyFacets(article, null), publishedVersions: [1] };
}

/** The read model over in-memory indexes, ordered as Redis orders ZRANGE BYSCORE REV. */
function fakeReadModel(stories: Story[], feed: FeedEntry[] = []): StoryReadModel {
  const byId = new Map(stories.map((s) => [s.storyId, s]));
  const index = (key: string) =>
    stories
      .filter((s) => indexKeysOf(s.facets).includes(key))
      .map((s) => ({ storyId: s.storyId, score: s.article.versioncreated }))
      .sort((a, b) => b.score - a.score || (a.storyId < b.storyId ? 1 : -1));
  const fake = {
    indexPage: (primary: { kind: 'place'; value: string } | null, max: number, min: number, count: number, skip: number) => {
      const all = index(primary ? facetIndexKey(primary.kind, primary.value) : TIME_INDEX).filter((e) => e.score <= max && e.score >= min);
      const entries = all.slice(skip, skip + count);
      return Promise.resolve({ entries, exhausted: entries.length < count });
    },
    stories: (ids: string[]) => Promise.resolve(new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])))),
    feed: (after: string, count: number) => Promise.resolve(feed.filter((e) => Number(e.id.split('-')[0]) > Number(after.split('-')[0])).slice(0, count)),
    oldestFeedId: () => Promise.resolve(feed[0]?.id ?? null),
  };
  return fake as unknown as StoryReadModel;
}

describe('filters', () => {
  it('parse query parameters into normalized facets and instants', () => {
    const filter = filterOf(FilterQuery.parse({ place: ' Geneva ', subject: 'MEDTOP:1', since: '2024-05-01T00:00:00Z', until: '1714600000000' }));
    expect(filter).toEqual({ facets: { subject: 'medtop:1', place: 'geneva' }, since: Date.UTC(2024, 4, 1), until: 1714600000000 });
    expect(primaryFacet(filter)).toEqual({ kind: 'subject', value: 'medtop:1' });
    expect(FilterQuery.safeParse({ since: 'yesterday-ish' }).success).toBe(false);
  });

  it('match on every given facet and the time range', () => {
    const story = aStory('s1', 5000, 'Geneva');
    expect(matchesStory(story, filterOf({ place: 'geneva', provider: 'ap' }))).toBe(true);
    expect(matchesStory(story, filterOf({ place: 'geneva', provider: 'afp' }))).toBe(false);
    expect(matchesStory(story, filterOf({ since: 6000 }))).toBe(false);
    expect(matchesUpdate({ update: { occurredAt: 1 }, facets: null }, filterOf({ place: 'geneva' }))).toBe(false);
  });
});

describe('listing stories', () => {
  const stories = [aStory('a', 300, 'Geneva'), aStory('b', 200, 'Paris'), aStory('c', 200, 'Geneva'), aStory('d', 200, 'Geneva'), aStory('e', 100, 'Geneva', 'afp')];

  it('pages newest first through ties without skipping or repeating, the filters riding in the cursor', async () => {
    const read = fakeReadModel(stories);
    const first = await listStories(read, codec, filterOf({ place: 'geneva' }), 2, undefined);
    expect(first.items.map((s) => s.storyId)).toEqual(['a', 'd']);
    const second = await listStories(read, codec, filterOf({}), 2, first.next!);
    expect(second.items.map((s) => s.storyId)).toEqual(['c', 'e']);
    const third = await listStories(read, codec, filterOf({}), 2, second.next!);
    expect(third).toEqual({ items: [], next: null });
  });

  it('re-checks every candidate, so stale index entries never show', async () => {
    const read = fakeReadModel(stories);
    const page = await listStories(read, codec, filterOf({ place: 'geneva', provider: 'afp' }), 10, undefined);
    expect(page.items.map((s) => s.storyId)).toEqual(['e']);
  });
});

describe('the feed', () => {
  it('resumes after the cursor and expires old cursors', async () => {
    const entry = (id: string, place: string): FeedEntry => ({ id, update: { occurredAt: 1 } as FeedEntry['update'], facets: aStory(id, 1, place).facets });
    const read = fakeReadModel([], [entry('1-0', 'Geneva'), entry('2-0', 'Paris'), entry('3-0', 'Geneva')]);
    const first = await readFeed(read, codec, filterOf({ place: 'geneva' }), 1, undefined, 10, 1000);
    expect(first.kind === 'page' && first.page.items.map((e) => e.id)).toEqual(['1-0']);
    const next = first.kind === 'page' ? first.page.next : '';
    const second = await readFeed(read, codec, filterOf({}), 5, next, 20, 1000);
    expect(second.kind === 'page' && second.page.items.map((e) => e.id)).toEqual(['3-0']);
    expect(await readFeed(read, codec, filterOf({}), 5, next, 2000, 1000)).toEqual({ kind: 'expired' });
  });

  it('answers 410 for a cursor whose position was trimmed, however recent its issue time (was: a page with a silent gap)', async () => {
    const entry = (id: string): FeedEntry => ({ id, update: { occurredAt: 1 } as FeedEntry['update'], facets: aStory(id, 1, 'Geneva').facets });
    const before = await readFeed(fakeReadModel([], [entry('1-0'), entry('2-0'), entry('3-0')]), codec, filterOf({}), 1, undefined, 10, 1000);
    const next = before.kind === 'page' ? before.page.next : '';
    const trimmed = fakeReadModel([], [entry('3-0'), entry('4-0')]);
    expect(await readFeed(trimmed, codec, filterOf({}), 5, next, 20, 1000)).toEqual({ kind: 'expired' });
    const fresh = await readFeed(trimmed, codec, filterOf({ since: 1 }), 5, undefined, 20, 1000);
    expect(fresh.kind === 'page' && fresh.page.items.map((e) => e.id)).toEqual(['3-0', '4-0']);
  });

  it('refuses a since or until that is no time (was: since=1e30 passed)', () => {
    for (const since of ['1e30', '99999999999999999999', '-5', 'Tuesday', '2024-13-45T00:00:00Z']) expect(FilterQuery.safeParse({ since }).success, since).toBe(false);
    expect(FilterQuery.parse({ since: '2024-05-01T00:00:00+02:00' }).since).toBe(Date.UTC(2024, 3, 30, 22));
  });
});
