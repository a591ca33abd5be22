import { describe, expect, it } from 'vitest';
import { FEED_START, advanced, feedEntryId, firstIdFrom, formatFeedPosition, isAhead, offsetOfEntryId, parseFeedPosition } from '../../../services/publish/feed-position.ts';
import { mergeByTime, type FeedEntry } from '../../../services/publish/feed-log.ts';

describe('a feed position', () => {
  it('round-trips as the next offset per partition, and a partition past the list starts at 0', () => {
    const position = parseFeedPosition('12.0.7');
    expect(position).toEqual([12, 0, 7]);
    expect(formatFeedPosition(position!)).toBe('12.0.7');
    expect(formatFeedPosition(FEED_START)).toBe('0');
    expect(isAhead(position!, 5, 0)).toBe(true);
    expect(firstIdFrom(position!, 2)).toBe('7-0');
  });

  it('refuses what is no position: a wall-clock stream id, signs, empty parts, too many partitions', () => {
    for (const text of ['1717171717171-0', '', '1..2', '-1', '1.2.', ' 1', '1e3', Array.from({ length: 1025 }, () => '1').join('.'), '1234567890123456']) expect(parseFeedPosition(text), text).toBeNull();
  });

  it('moves past an entry and never back, one partition at a time', () => {
    const once = advanced(FEED_START, 2, 40);
    expect(once).toEqual([0, 0, 41]);
    expect(advanced(once, 2, 39)).toBe(once);
    expect(advanced(once, 0, 3)).toEqual([4, 0, 41]);
    expect(isAhead(once, 2, 40)).toBe(false);
    expect(isAhead(once, 2, 41)).toBe(true);
    expect(() => advanced(once, 5000, 1)).toThrow(RangeError);
  });

  it('keys the entry of an offset by it (offset 0 too: stream ids start above 0-0)', () => {
    expect(feedEntryId(0)).toBe('0-1');
    expect(offsetOfEntryId(feedEntryId(987654321))).toBe(987654321);
  });
});

describe('merging partitions', () => {
  const entry = (partition: number, offset: number, at: number) => ({ partition, offset, at }) as FeedEntry;

  it('orders by event time, keeps each partition in its own order, and stops at the count', () => {
    const merged = mergeByTime([[entry(0, 1, 10), entry(0, 2, 30)], [entry(1, 5, 20), entry(1, 6, 5)], [entry(2, 0, 10)]], 4);
    expect(merged.map((e) => `${e.partition}:${e.offset}`)).toEqual(['0:1', '2:0', '1:5', '1:6']);
  });
});
