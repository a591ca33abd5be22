import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { FeedLog, type FeedAppend } from '../../../services/publish/feed-log.ts';
import { FEED_START, advanced, formatFeedPosition } from '../../../services/publish/feed-position.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';

let platform: Platform;
const roots: string[] = [];
const HOUR = 3600_000;

function feedOfItsOwn(redis: Redis, retentionMs = 7 * 24 * HOUR): FeedLog {
  const root = `sl:feed:{feed}:${runId('feedlog')}`;
  roots.push(root);
  return new FeedLog(redis, root, retentionMs);
}

const change = (partition: number, offset: number, at: number): FeedAppend => ({
  partition,
  offset: String(offset),
  updateId: `story-${partition}-${offset}:1`,
  update: JSON.stringify({ updateId: `story-${partition}-${offset}:1`, storyId: `story-${partition}-${offset}`, reason: 'NEW', occurredAt: at }),
  facets: 'null',
  at,
});

describe('the change feed keyed by log position (real Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => {
    for (const root of roots) {
      const keys = await platform.redis.keys(`${root}:*`);
      if (keys.length > 0) await platform.redis.del(...keys);
    }
    await platform?.close();
  });

  it('appends once per offset (offset 0 included), and says when a later offset already went in', async () => {
    const feed = feedOfItsOwn(platform.redis);
    const now = Date.now();
    expect(await feed.append(change(0, 0, now), now)).toBe('appended');
    expect(await feed.append(change(0, 0, now), now)).toBe('present');
    expect(await feed.append(change(0, 7, now), now)).toBe('appended');
    expect(await feed.append(change(0, 5, now), now)).toBe('passed');
    expect(await feed.append(change(2, 3, now), now)).toBe('appended');
    expect((await platform.redis.xrange(feed.stream(0), '-', '+')).map(([id]) => id)).toEqual(['0-1', '7-1']);
    expect(await feed.partitions()).toEqual([0, 2]);
    expect(formatFeedPosition(await feed.latest())).toBe('8.0.4');
  });

  it('trims by the event time and answers a position behind the trim as expired; the oldest kept starts past it', async () => {
    const feed = feedOfItsOwn(platform.redis, HOUR);
    const now = Date.now();
    for (let offset = 0; offset < 5; offset++) await feed.append(change(1, offset, now - 2 * HOUR + offset), now);
    expect(await platform.redis.xlen(feed.stream(1))).toBe(0);
    await feed.append(change(1, 5, now), now);
    expect((await feed.read(FEED_START, 10)).map((e) => e.offset)).toEqual([5]);
    expect(await feed.expired(FEED_START)).toBe(true);
    expect(await feed.expired(advanced(FEED_START, 1, 3))).toBe(true);
    expect(await feed.expired(advanced(FEED_START, 1, 4))).toBe(false);
    expect(formatFeedPosition(await feed.oldestKept())).toBe('0.5');
    // A re-applied old event finds its offset taken even though the entry is gone.
    expect(await feed.append(change(1, 2, now - 2 * HOUR), now)).toBe('present');
  });

  it('finds the position of a time by binary search, per partition', async () => {
    const feed = feedOfItsOwn(platform.redis);
    const base = Date.now() - HOUR;
    for (let offset = 0; offset < 200; offset += 2) await feed.append(change(0, offset, base + offset * 1000), Date.now());
    for (let offset = 0; offset < 30; offset++) await feed.append(change(1, offset, base + offset * 10_000), Date.now());
    const position = await feed.positionAt(base + 101_000);
    // Partition 0 holds even offsets only: any next offset in (100, 102] starts at the entry at 102.
    expect(position[0]).toBeGreaterThan(100);
    expect(position[0]).toBeLessThanOrEqual(102);
    expect(position[1]).toBe(11);
    const after = await feed.read(position, 200);
    expect(after.find((e) => e.partition === 0)?.offset).toBe(102);
    expect(after.find((e) => e.partition === 1)?.offset).toBe(11);
    expect(after.every((e) => e.at >= base + 101_000)).toBe(true);
    expect(await feed.positionAt(base - 1)).toEqual(FEED_START);
    expect(await feed.positionAt(Date.now())).toEqual([199, 30]);
  });

  it('wakes a blocking reader with what arrives past its position, in any partition', async () => {
    const feed = feedOfItsOwn(platform.redis);
    const now = Date.now();
    await feed.append(change(0, 0, now), now);
    const position = await feed.latest();
    const connection = platform.redis.duplicate();
    try {
      const waiting = feed.readBlocking(connection, position, 10, 5000);
      await new Promise((r) => setTimeout(r, 200));
      await feed.append(change(0, 1, now + 1), now);
      const arrived = await waiting;
      expect(arrived.map((e) => `${e.partition}:${e.offset}`)).toEqual(['0:1']);
    } finally {
      connection.disconnect();
    }
  });
});
