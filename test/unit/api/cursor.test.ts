import { describe, expect, it } from 'vitest';
import { CursorCodec, CursorError, feedCursorExpired } from '../../../services/api/cursor.ts';
import type { StoryFilter } from '../../../services/api/story-filters.ts';

const filter: StoryFilter = { facets: { subject: 'medtop:1', place: 'geneva' }, since: 1000, until: null };
const DAY = 24 * 3600 * 1000;
const codec = new CursorCodec('a test key of at least sixteen bytes');
const encodeListCursor = codec.encodeList.bind(codec);
const decodeListCursor = codec.decodeList.bind(codec);
const encodeFeedCursor = codec.encodeFeed.bind(codec);
const decodeFeedCursor = codec.decodeFeed.bind(codec);

describe('cursors', () => {
  it('round-trip a list position with its filters, opaque and URL-safe', () => {
    const text = encodeListCursor({ score: 1717, storyId: 'story-9' }, filter);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(text)).toEqual({ v: 1, kind: 'list', score: 1717, storyId: 'story-9', filter });
  });

  it('round-trip a feed position', () => {
    const text = encodeFeedCursor('12.0.7', 5000, filter);
    expect(decodeFeedCursor(text)).toMatchObject({ after: '12.0.7', issuedAt: 5000, filter });
  });

  it('read a feed cursor of the wall-clock feed (v1) as superseded, so the feed answers it as expired', () => {
    const issueV1 = (codec as unknown as { encode(value: unknown): string }).encode.bind(codec);
    expect(decodeFeedCursor(issueV1({ v: 1, kind: 'feed', after: '1717171717171-0', issuedAt: 5000, filter }))).toBe('superseded');
  });

  it('refuse anything the API did not issue, including a list cursor used on the feed', () => {
    expect(() => decodeListCursor('garbage')).toThrow(CursorError);
    expect(() => decodeFeedCursor(Buffer.from('{"v":2}').toString('base64url'))).toThrow(CursorError);
    expect(() => decodeFeedCursor(encodeListCursor({ score: 1, storyId: 'x' }, filter))).toThrow(CursorError);
  });

  it('expire a feed cursor once the feed may have dropped entries added after it was issued', () => {
    const cursor = decodeFeedCursor(encodeFeedCursor('1.0', 10 * DAY, filter));
    if (cursor === 'superseded') throw new Error('a v2 cursor read as superseded');
    expect(feedCursorExpired(cursor, 17 * DAY, 7 * DAY)).toBe(false);
    expect(feedCursorExpired(cursor, 17 * DAY + 1, 7 * DAY)).toBe(true);
  });

  it('are signed: a forged issue time or position, or another key, is refused (was: accepted, a forged issue time never expired)', () => {
    const text = encodeFeedCursor('1.0', 10 * DAY, filter);
    const payload = JSON.parse(Buffer.from(text.slice(0, -22), 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, issuedAt: 10 ** 15 })).toString('base64url');
    expect(() => decodeFeedCursor(`${forged}${text.slice(-22)}`)).toThrow(CursorError);
    expect(() => decodeFeedCursor(forged)).toThrow(CursorError);
    expect(() => new CursorCodec('another key of sixteen bytes or more').decodeFeed(text)).toThrow(CursorError);
  });
});
