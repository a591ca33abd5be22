import type { Redis } from 'ioredis';
import type { PublicHandler, PublicRecord, PublicTopic } from './storyline-consumer.ts';

/** Remembers which records were handled. `seen` is checked before the handler, `remember` after it succeeded. */
export interface ProcessedStore {
  seen(id: string): Promise<boolean>;
  remember(id: string): Promise<void>;
}

/**
 * The id that makes a record unique: a story update's updateId (storyId:sequence) and, for stories.v1,
 * the story id with the sequence header (a tombstone has the kill's sequence).
 */
export function recordId<T extends PublicTopic>(record: PublicRecord<T>): string {
  return `${record.key}:${record.headers['storyline-sequence'] ?? record.offset}`;
}

/**
 * Wraps a handler so a redelivered record is skipped. Effects and the mark are not atomic: if the
 * process dies between the two the record is handled again, so prefer effects that are idempotent
 * in themselves (upsert by story id and sequence) and use this to skip the common redelivery.
 */
export function idempotent<T extends PublicTopic>(handler: PublicHandler<T>, store: ProcessedStore, idOf: (record: PublicRecord<T>) => string = recordId): PublicHandler<T> {
  return async (record) => {
    const id = idOf(record);
    if (await store.seen(id)) return;
    await handler(record);
    await store.remember(id);
  };
}

/** In memory, bounded (oldest forgotten first): for tests and single-process consumers. */
export function memoryProcessedStore(max = 100_000): ProcessedStore {
  const ids = new Set<string>();
  return {
    seen: (id) => Promise.resolve(ids.has(id)),
    remember(id) {
      ids.add(id);
      if (ids.size > max) ids.delete(ids.values().next().value!);
      return Promise.resolve();
    },
  };
}

/** In Redis, one key per record with a time to live longer than any redelivery you expect. */
export function redisProcessedStore(redis: Redis, prefix: string, ttlMs = 7 * 24 * 3600 * 1000): ProcessedStore {
  return {
    seen: async (id) => (await redis.exists(`${prefix}${id}`)) === 1,
    remember: async (id) => void (await redis.set(`${prefix}${id}`, '1', 'PX', ttlMs)),
  };
}
