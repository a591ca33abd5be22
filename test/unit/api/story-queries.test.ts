import { describe, expect, it } from 'vitest';
import { FilterQuery, filterOf, matchesStory, matchesUpdate, primaryFacet } from '../../../services/api/story-filters.ts';
import { CursorCodec } from '../../../services/api/cursor.ts';
import { listStories, readFeed } from '../../../services/api/story-queries.ts';

const codec = new CursorCodec('a test key of at least sixteen bytes');
import type { Story } from '../../../services/contracts/types.generated.ts';
import { storyFacets } from '../../../services/publish/facets.ts';
import { TIME_INDEX, facetIndexKey, indexKeysOf } from '../../../services/publish/index-keys.ts';
import type { StoryReadModel } from '../../../services/publish/story-read-model.ts';
import { mergeByTime, type FeedEntry } from '../../../services/publish/feed-log.ts';
import { advanced, FEED_START, nextOffset, parseFeedPosition, type FeedPosition } from '../../../services/publish/feed-position.ts';
import type { FeedReader } from '../../../services/api/story-queries.ts';
import { anArticle } from '../domain/story-fixtures.ts';

function aStory(id: string, versioncreated: number, place: string, provider = 'ap'): Story {
  const article = anArticle({ providerId: provider, providerItemId: id, versioncreated, places: [{ name: place, uri: null, rel: null, countryCode: null, latitude: null, longitude: null }] });
  return { storyId: id, sequence: 4, version: 1, correction: false, firstPublishedAt: 0, publishedAt: 0, article, enrichment: null, enricherVersion: null, related: [], facets: storyFacets(article, null), publishedVersions: [1] };
}

/** The feed over in-memory partitions, as FeedLog reads Redis: `trimmed` is the highest offset the retention dropped per partition. */
function fakeFeed(entries: FeedEntry[], trimmed: ReadonlyMap<number, number> = new Map()): FeedReader {
  const partitions = [...new Set(entries.map((e) => e.partition))].sort();
  const kept = (position: FeedPosition) => partitions.map((p) => entries.filter((e) => e.partition === p && e.offset >= nextOffset(position, p)));
  const oldestKept = () => [...trimmed].reduce<FeedPosition>((position, [p, offset]) => advanced(position, p, offset), FEED_START);
  return {
    read: (after, count) => Promise.resolve(mergeByTime(kept(after), count)),
    expired: (position) => Promise.resolve([...trimmed].some(([p, offset]) => offset >= nextOffset(position, p))),
    oldestKept: () => Promise.resolve(oldestKept()),
    positionAt: (time) => Promise.resolve(entries.filter((e) => e.at < time).reduce((position, e) => advanced(position, e.partition, e.offset), oldestKept())),
  };
}

/** The read model over in-memory indexes, ordered as Redis orders ZRANGE BYSCORE REV. */
function fakeReadModel(stories: Story[]): StoryReadModel {
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
  const entry = (partition: number, offset: number, at: number, place = 'Geneva'): FeedEntry => ({ partition, offset, at, update: { occurredAt: at } as FeedEntry['update'], facets: aStory(`s${partition}-${offset}`, at, place).facets });
  const page = (result: Awaited<ReturnType<typeof readFeed>>) => {
    if (result.kind !== 'page') throw new Error('expected a page, got an expired cursor');
    return result.page;
  };

  it('merges the partitions by event time; the id of each item is the position after it, and the cursor resumes exactly there', async () => {
    const feed = fakeFeed([entry(0, 0, 10), entry(1, 0, 20, 'Paris'), entry(0, 1, 30), entry(1, 1, 40)]);
    const first = page(await readFeed(feed, codec, filterOf({ place: 'geneva' }), 1, undefined, 10, 1000));
    expect(first.items.map((e) => [e.partition, e.offset, e.id])).toEqual([[0, 0, '1']]);
    const second = page(await readFeed(feed, codec, filterOf({}), 5, first.next, 20, 1000));
    // The cursor carries its filter: Paris is passed over, and the ids still count it as read.
    expect(second.items.map((e) => [e.partition, e.offset, e.id])).toEqual([[0, 1, '2.1'], [1, 1, '2.2']]);
    // An item's id is a position: reading from it gives what followed that item, nothing before it.
    expect((await feed.read(parseFeedPosition(second.items[0]!.id)!, 10)).map((e) => `${e.partition}:${e.offset}`)).toEqual(['1:1']);
    expect(page(await readFeed(feed, codec, filterOf({}), 5, second.next, 30, 1000)).items).toEqual([]);
  });

  it('expires a cursor by issue time, and one from the wall-clock feed', async () => {
    const feed = fakeFeed([entry(0, 0, 10), entry(0, 1, 20)]);
    const next = page(await readFeed(feed, codec, filterOf({}), 1, undefined, 10, 1000)).next;
    expect(await readFeed(feed, codec, filterOf({}), 5, next, 2000, 1000)).toEqual({ kind: 'expired' });
    const issueV1 = (codec as unknown as { encode(value: unknown): string }).encode.bind(codec);
    const v1 = issueV1({ v: 1, kind: 'feed', after: '1717-0', issuedAt: 10, filter: filterOf({}) });
    expect(await readFeed(feed, codec, filterOf({}), 5, v1, 20, 1000)).toEqual({ kind: 'expired' });
  });

  it('answers 410 for a cursor whose position was trimmed, however recent its issue time (was: a page with a silent gap)', async () => {
    const before = page(await readFeed(fakeFeed([entry(0, 0, 1), entry(0, 1, 2), entry(0, 2, 3)]), codec, filterOf({}), 1, undefined, 10, 1000)).next;
    const trimmed = fakeFeed([entry(0, 2, 3), entry(0, 3, 4)], new Map([[0, 1]]));
    expect(await readFeed(trimmed, codec, filterOf({}), 5, before, 20, 1000)).toEqual({ kind: 'expired' });
    expect(page(await readFeed(trimmed, codec, filterOf({}), 5, undefined, 20, 1000)).items.map((e) => e.offset)).toEqual([2, 3]);
  });

  it('starts at since: the first entry of each partition at or after that time', async () => {
    const feed = fakeFeed([entry(0, 0, 10), entry(0, 1, 30), entry(1, 0, 20), entry(1, 1, 25)]);
    const fromSince = page(await readFeed(feed, codec, filterOf({ since: 22 }), 5, undefined, 40, 1000));
    expect(fromSince.items.map((e) => `${e.partition}:${e.offset}`)).toEqual(['1:1', '0:1']);
  });

  it('refuses a since or until that is no time (was: since=1e30 passed)', () => {
    for (const since of ['1e30', '99999999999999999999', '-5', 'Tuesday', '2024-13-45T00:00:00Z']) expect(FilterQuery.safeParse({ since }).success, since).toBe(false);
    expect(FilterQuery.parse({ since: '2024-05-01T00:00:00+02:00' }).since).toBe(Date.UTC(2024, 3, 30, 22));
  });
});
