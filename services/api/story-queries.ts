import type { Story } from '../contracts/types.generated.ts';
import type { FeedEntry, StoryReadModel } from '../publish/story-read-model.ts';
import { compareStreamIds } from '../publish/story-read-model.ts';
import { feedCursorExpired, isSyntheticPosition, type CursorCodec } from './cursor.ts';
import { matchesStory, matchesUpdate, primaryFacet, type StoryFilter } from './story-filters.ts';

export interface StoryPage {
  readonly items: Story[];
  readonly next: string | null;
}

export interface FeedPage {
  readonly items: FeedEntry[];
  readonly next: string;
  readonly cursorExpiresAt: number;
}

export type FeedResult = { readonly kind: 'page'; readonly page: FeedPage } | { readonly kind: 'expired' };

/** Bounds the work of one request when a filter matches little of what the scanned index holds. */
const MAX_SCANNED = 5_000;

/**
 * Newest first by versioncreated. The first facet filter picks the index to scan; every candidate
 * is re-checked against the stored story, so index entries left behind by a crash or a kill never
 * show (the stories are the truth, indexes only find them).
 */
export async function listStories(read: StoryReadModel, codec: CursorCodec, filterIn: StoryFilter, limit: number, cursorText: string | undefined): Promise<StoryPage> {
  const cursor = cursorText ? codec.decodeList(cursorText) : null;
  const filter: StoryFilter = cursor ? cursor.filter : filterIn;
  const max = cursor ? cursor.score : (filter.until ?? Number.POSITIVE_INFINITY);
  const min = filter.since ?? Number.NEGATIVE_INFINITY;
  const index = primaryFacet(filter);
  const batch = Math.max(limit * 2, 50);
  const items: Story[] = [];
  let last: { score: number; storyId: string } | null = null;
  for (let skip = 0; skip < MAX_SCANNED; skip += batch) {
    const page = await read.indexPage(index, max, min, batch, skip);
    // Equal scores come in reverse lexicographic order: past the cursor means a smaller id.
    const fresh = page.entries.filter((e) => !cursor || e.score < cursor.score || e.storyId < cursor.storyId);
    const stories = await read.stories(fresh.map((e) => e.storyId));
    for (const entry of fresh) {
      last = entry;
      const story = stories.get(entry.storyId);
      if (story && matchesStory(story, filter)) items.push(story);
      if (items.length === limit) return { items, next: codec.encodeList(entry, filter) };
    }
    if (page.exhausted) return { items, next: null };
  }
  return { items, next: last ? codec.encodeList(last, filter) : null };
}

/**
 * The change feed from a cursor (or from `since`, or from the oldest entry kept); `next` always
 * resumes. A cursor whose position is older than the oldest entry kept has lost entries to the
 * trim: it is expired (410) rather than answered with a silent gap.
 */
export async function readFeed(read: StoryReadModel, codec: CursorCodec, filterIn: StoryFilter, limit: number, cursorText: string | undefined, now: number, retentionMs: number): Promise<FeedResult> {
  const cursor = cursorText ? codec.decodeFeed(cursorText) : null;
  if (cursor && feedCursorExpired(cursor, now, retentionMs)) return { kind: 'expired' };
  if (cursor && !isSyntheticPosition(cursor.after)) {
    const oldest = await read.oldestFeedId();
    if (oldest !== null && compareStreamIds(cursor.after, oldest) < 0) return { kind: 'expired' };
  }
  const filter: StoryFilter = cursor ? cursor.filter : filterIn;
  let after = cursor ? cursor.after : filter.since !== null ? `${Math.max(0, filter.since - 1)}-${Number.MAX_SAFE_INTEGER}` : '0-0';
  const items: FeedEntry[] = [];
  const batch = Math.max(limit * 2, 100);
  for (let scanned = 0; scanned < MAX_SCANNED && items.length < limit; scanned += batch) {
    const entries = await read.feed(after, batch);
    for (const entry of entries) {
      after = entry.id;
      if (matchesUpdate(entry, filter)) items.push(entry);
      if (items.length === limit) break;
    }
    if (entries.length < batch) break;
  }
  return { kind: 'page', page: { items, next: codec.encodeFeed(after, now, filter), cursorExpiresAt: now + retentionMs } };
}
