/**
 * A position in the change feed: per partition of story.events.v1, the next offset to read. Feed
 * entries are keyed by the offset of the event that made them, so a position means the same thing
 * in a feed rebuilt from the log, and a client that resumes from it gets exactly what followed.
 *
 * Written as the offsets joined by dots, partition 0 first (`12.0.7`): what `Last-Event-ID` and the
 * feed cursor carry. A partition past the end of the list has not been read (next offset 0).
 */
export type FeedPosition = readonly number[];

const MAX_PARTITIONS = 1024;
const POSITION_TEXT = /^\d{1,15}(?:\.\d{1,15}){0,1023}$/;

export const FEED_START: FeedPosition = [];

export function parseFeedPosition(text: string): FeedPosition | null {
  if (!POSITION_TEXT.test(text)) return null;
  return text.split('.').map(Number);
}

export function formatFeedPosition(position: FeedPosition): string {
  return position.length === 0 ? '0' : position.join('.');
}

export function nextOffset(position: FeedPosition, partition: number): number {
  return position[partition] ?? 0;
}

/** Whether the entry at (partition, offset) comes at or after the position (not yet read). */
export function isAhead(position: FeedPosition, partition: number, offset: number): boolean {
  return offset >= nextOffset(position, partition);
}

/** The position once the entry at (partition, offset) has been read. */
export function advanced(position: FeedPosition, partition: number, offset: number): FeedPosition {
  if (partition < 0 || partition >= MAX_PARTITIONS) throw new RangeError(`partition ${partition} is outside the feed's range`);
  if (!isAhead(position, partition, offset)) return position;
  const next = Array.from({ length: Math.max(position.length, partition + 1) }, (_, p) => nextOffset(position, p));
  next[partition] = offset + 1;
  return next;
}

/** The stream entry id of the event at `offset` (stream ids must be above 0-0, hence the sequence 1). */
export function feedEntryId(offset: number): string {
  return `${offset}-1`;
}

/** The first stream id at or after the position's next offset in a partition (inclusive range start). */
export function firstIdFrom(position: FeedPosition, partition: number): string {
  return `${nextOffset(position, partition)}-0`;
}

export function offsetOfEntryId(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}
