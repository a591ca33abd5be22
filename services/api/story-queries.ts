import type { Story } from '../contracts/types.generated.ts';
import type { FeedEntry, FeedLog } from '../publish/feed-log.ts';
import { advanced, formatFeedPosition, parseFeedPosition, type FeedPosition } from '../publish/feed-position.ts';
import type { StoryReadModel } from '../publish/story-read-model.ts';
import { feedCursorExpired, type CursorCodec } from './cursor.ts';
import { matchesStory, matchesUpdate, primaryFacet, type StoryFilter } from './story-filters.ts';

export interface StoryPage {
  readonly items: Story[];
  readonly next: string | null;
}

/** A feed entry with the position after it: what a client resumes from (`Last-Event-ID`, an item's `id`). */
export interface FeedItem extends FeedEntry {
  readonly id: string;
}

export type FeedReader = Pick<FeedLog, 'read' | 'expired' | 'oldestKept' | 'positionAt'>;

export interface FeedPage {
  readonly items: FeedItem[];
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
 * resumes. A cursor whose position the retention has trimmed past has lost entries: it is expired
 * (410) rather than answered with a silent gap.
 */
export async function readFeed(feed: FeedReader, codec: CursorCodec, filterIn: StoryFilter, limit: number, cursorText: string | undefined, now: number, retentionMs: number): Promise<FeedResult> {
  const cursor = cursorText ? codec.decodeFeed(cursorText) : null;
  if (cursor === 'superseded') return { kind: 'expired' };
  const resumed = cursor ? parseFeedPosition(cursor.after) : null;
  if (cursor && (!resumed || feedCursorExpired(cursor, now, retentionMs) || (await feed.expired(resumed)))) return { kind: 'expired' };
  const filter: StoryFilter = cursor ? cursor.filter : filterIn;
  let position: FeedPosition = resumed ?? (filter.since !== null ? await feed.positionAt(filter.since) : await feed.oldestKept());
  const items: FeedItem[] = [];
  const batch = Math.max(limit * 2, 100);
  for (let scanned = 0; scanned < MAX_SCANNED && items.length < limit; scanned += batch) {
    const entries = await feed.read(position, batch);
    for (const entry of entries) {
      position = advanced(position, entry.partition, entry.offset);
      if (matchesUpdate(entry, filter)) items.push({ ...entry, id: formatFeedPosition(position) });
      if (items.length === limit) break;
    }
    if (entries.length < batch) break;
  }
  return { kind: 'page', page: { items, next: codec.encodeFeed(formatFeedPosition(position), now, filter), cursorExpiresAt: now + retentionMs } };
}
