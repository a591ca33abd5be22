import type { Story } from '../contracts/types.generated.ts';
import type { FeedEntry, StoryReadModel } from '../publish/story-read-model.ts';
import { decodeFeedCursor, decodeListCursor, encodeFeedCursor, encodeListCursor, feedCursorExpired } from './cursor.ts';
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
export async function listStories(read: StoryReadModel, filterIn: StoryFilter, limit: number, cursorText: string | undefined): Promise<StoryPage> {
  const cursor = cursorText ? decodeListCursor(cursorText) : null;
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
      if (items.length === limit) return { items, next: encodeListCursor(entry, filter) };
    }
    if (page.exhausted) return { items, next: null };
  }
  return { items, next: last ? encodeListCursor(last, filter) : null };
}

/** The change feed from a cursor (or from `since`, or from the oldest entry kept); `next` always resumes. */
export async function readFeed(read: StoryReadModel, filterIn: StoryFilter, limit: number, cursorText: string | undefined, now: number, retentionMs: number): Promise<FeedResult> {
  const cursor = cursorText ? decodeFeedCursor(cursorText) : null;
  if (cursor && feedCursorExpired(cursor, now, retentionMs)) return { kind: 'expired' };
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
  return { kind: 'page', page: { items, next: encodeFeedCursor(after, now, filter), cursorExpiresAt: now + retentionMs } };
}
