import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { RecordedStoryEvent } from '../../services/domain/story/index.ts';
import { RedisProjection, type PositionedEvent } from '../../services/publish/redis-projection.ts';
import type { Offsets } from './operations-signals.ts';
import { readSpan } from './read-span.ts';

export interface RebuildDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  /** story.events.v1 of this environment. */
  readonly topic: string;
  readonly groupPrefix: string;
  readonly decode: (bytes: Buffer) => Promise<RecordedStoryEvent>;
}

/**
 * One rebuild activity's work: folds up to `maxEvents` events from `positions` towards `end` into the
 * prefix, one consumed batch at a time (one story's events stay in order: one key, one partition),
 * and answers where it got to. Batches are idempotent by the projection's compare-and-set.
 */
export async function rebuildSpan(deps: RebuildDeps, input: { prefix: string; positions: Offsets; end: Offsets; maxEvents: number }, heartbeat: (applied: number) => void): Promise<{ positions: Offsets; applied: number }> {
  const projection = new RedisProjection(deps.redis, { target: { kind: 'fixed', prefix: input.prefix }, appendFeed: false });
  const { positions, read } = await readSpan(
    deps.kafka,
    deps.topic,
    { positions: input.positions, end: input.end, maxRecords: input.maxEvents, groupPrefix: deps.groupPrefix },
    async (records) => {
      const decoded = await Promise.all(
        records.map(async (record): Promise<PositionedEvent | null> => {
          // An event that does not decode is the live projection's dead letter too: the rebuild skips it the same way.
          const event = await deps.decode(record.value ?? Buffer.alloc(0)).catch(() => null);
          return event ? { event, position: { partition: record.partition, offset: record.offset } } : null;
        }),
      );
      await projection.applyBatch(decoded.filter((record) => record !== null));
    },
    heartbeat,
  );
  return { positions, applied: read };
}
