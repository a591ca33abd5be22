import { z } from 'zod';
import type { StoryFilter } from './story-filters.ts';

/**
 * Opaque cursors (base64url JSON, versioned) that carry their filters, so a `next` link alone
 * resumes, across API restarts too: positions are Redis data (index scores, feed stream ids).
 */
const Filter = z.object({
  facets: z.partialRecord(z.enum(['subject', 'place', 'person', 'organisation', 'provider']), z.string()),
  since: z.number().nullable(),
  until: z.number().nullable(),
});

const ListCursor = z.object({ v: z.literal(1), kind: z.literal('list'), score: z.number(), storyId: z.string(), filter: Filter });
const FeedCursor = z.object({ v: z.literal(1), kind: z.literal('feed'), after: z.string().regex(/^\d+-\d+$/), issuedAt: z.number(), filter: Filter });

export type ListCursor = z.output<typeof ListCursor>;
export type FeedCursor = z.output<typeof FeedCursor>;

export class CursorError extends Error {
  readonly code = 'invalid_cursor';
}

function encode(value: ListCursor | FeedCursor): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode<T>(schema: z.ZodType<T>, text: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new CursorError('the cursor is not one this API issued');
  }
}

export function encodeListCursor(position: { score: number; storyId: string }, filter: StoryFilter): string {
  return encode({ v: 1, kind: 'list', ...position, filter: { ...filter } });
}

export function decodeListCursor(text: string): ListCursor {
  return decode(ListCursor, text);
}

export function encodeFeedCursor(after: string, issuedAt: number, filter: StoryFilter): string {
  return encode({ v: 1, kind: 'feed', after, issuedAt, filter: { ...filter } });
}

export function decodeFeedCursor(text: string): FeedCursor {
  return decode(FeedCursor, text);
}

/** A feed cursor lives as long as the feed keeps entries: an entry added after it was issued is kept this long. */
export function feedCursorExpired(cursor: FeedCursor, now: number, retentionMs: number): boolean {
  return cursor.issuedAt + retentionMs < now;
}
