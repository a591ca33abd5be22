import { CompressionTypes } from 'kafkajs';
import { poison, retriable, type StorylineError } from '../errors.ts';

/**
 * The size limits, as one set. A submission record carries the raw bytes and the article parsed
 * from them (at most about twice the item), so the largest item ingest takes must fit twice into a
 * record with room for the Avro envelope; every topic takes records of that size (`max.message.bytes`,
 * set when topics are created and raised on existing ones); records are compressed, which keeps
 * ordinary copy far below it. Public story records bound what they carry about related items
 * (`services/publish/story-view.ts`) so that related coverage cannot grow them past it.
 */
export const MAX_ITEM_BYTES = 5 * 1024 * 1024;
export const MAX_RECORD_BYTES = 2 * MAX_ITEM_BYTES + 1024 * 1024;
export const RECORD_COMPRESSION = CompressionTypes.GZIP;

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);

/** kafkajs errors say whether they are retriable; `type` names the broker's error code. */
interface KafkaErrorShape {
  readonly retriable?: boolean;
  readonly type?: string;
  readonly cause?: unknown;
  readonly errors?: unknown[];
}

function kafkaErrors(error: unknown, depth = 0): KafkaErrorShape[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const shape = error as KafkaErrorShape;
  return [shape, ...kafkaErrors(shape.cause, depth + 1), ...(shape.errors ?? []).flatMap((inner) => kafkaErrors(inner, depth + 1))];
}

export function isRecordTooLarge(error: unknown): boolean {
  return kafkaErrors(error).some((shape) => shape.type !== undefined && TOO_LARGE.has(shape.type));
}

/**
 * A failed write keeps kafkajs' own retry decision: a record the broker refuses as too large will be
 * refused again (poison: dead-lettered by a consumer, 413 at ingest), never retried in a loop.
 */
export function kafkaWriteFailure(code: string, message: string, error: unknown): StorylineError {
  if (isRecordTooLarge(error)) return poison('record_too_large', `${message}: the record is larger than the topic accepts (${MAX_RECORD_BYTES} bytes)`, error);
  return retriable(code, message, error);
}
