import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { StoryFilter } from './story-filters.ts';

/**
 * Opaque cursors (base64url JSON, versioned) that carry their filters, so a `next` link alone
 * resumes, across API restarts too: positions are Redis data (index scores, feed stream ids). Each
 * is signed (HMAC-SHA256, truncated to 128 bits) with a key every API process shares, so a client
 * can neither forge a position nor an issue time.
 */
const Filter = z.object({
  facets: z.partialRecord(z.enum(['subject', 'place', 'person', 'organisation', 'provider']), z.string()),
  since: z.number().nullable(),
  until: z.number().nullable(),
});

const ListCursor = z.object({ v: z.literal(1), kind: z.literal('list'), score: z.number(), storyId: z.string(), filter: Filter });
/** v2: `after` is a feed position (next offset per partition, see feed-position.ts). */
const FeedCursor = z.object({ v: z.literal(2), kind: z.literal('feed'), after: z.string().max(20_000), issuedAt: z.number(), filter: Filter });
/** v1 held a wall-clock stream id, which no longer names a place in the feed: such a cursor reads as expired. */
const SupersededFeedCursor = z.object({ v: z.literal(1), kind: z.literal('feed') });

export type ListCursor = z.output<typeof ListCursor>;
export type FeedCursor = z.output<typeof FeedCursor>;

export class CursorError extends Error {
  readonly code = 'invalid_cursor';
}

const MAC_CHARS = 22;

export class CursorCodec {
  private readonly key: Buffer;

  constructor(key: string | Buffer) {
    this.key = Buffer.from(key);
    if (this.key.length < 16) throw new Error('the cursor signing key must be at least 16 bytes');
  }

  encodeList(position: { score: number; storyId: string }, filter: StoryFilter): string {
    return this.encode({ v: 1, kind: 'list', ...position, filter: { ...filter } });
  }

  decodeList(text: string): ListCursor {
    return this.decode(ListCursor, text);
  }

  encodeFeed(after: string, issuedAt: number, filter: StoryFilter): string {
    return this.encode({ v: 2, kind: 'feed', after, issuedAt, filter: { ...filter } });
  }

  decodeFeed(text: string): FeedCursor | 'superseded' {
    return this.decode(z.union([FeedCursor, SupersededFeedCursor.transform(() => 'superseded' as const)]), text);
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, MAC_CHARS);
  }

  private encode(value: ListCursor | FeedCursor): string {
    const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${payload}${this.mac(payload)}`;
  }

  private decode<T>(schema: z.ZodType<T>, text: string): T {
    const payload = text.slice(0, -MAC_CHARS);
    const given = Buffer.from(text.slice(-MAC_CHARS));
    const expected = Buffer.from(this.mac(payload));
    if (text.length <= MAC_CHARS || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CursorError('the cursor is not one this API issued');
    try {
      return schema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      throw new CursorError('the cursor is not one this API issued');
    }
  }
}

/** A feed cursor lives as long as the feed keeps entries: an entry added after it was issued is kept this long. */
export function feedCursorExpired(cursor: FeedCursor, now: number, retentionMs: number): boolean {
  return cursor.issuedAt + retentionMs < now;
}
