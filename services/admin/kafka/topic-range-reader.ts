import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { headersOf } from '../../shared/kafka/message-headers.ts';

/** One partition's slice of a topic: offsets `from` (inclusive) to `to` (exclusive). */
export interface PartitionRange {
  readonly partition: number;
  readonly from: string;
  readonly to: string;
}

export interface RangeRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: string;
}

export interface RangeReadOptions {
  /** Group id prefix of the environment: the throwaway group is `<prefix>storyline-ops-<random>`, deleted after. */
  readonly groupPrefix: string;
  /** Gives up waiting for a partition that delivers nothing more (only transaction markers left) after this long. */
  readonly idleMs?: number;
  readonly timeoutMs?: number;
}

export type RecordSink = (records: readonly RangeRecord[]) => Promise<'more' | 'stop'>;

function toRecord(topic: string, partition: number, message: KafkaMessage): RangeRecord {
  return { topic, partition, offset: message.offset, key: message.key ?? null, value: message.value ?? null, headers: headersOf(message), timestamp: message.timestamp };
}

/**
 * Reads exact offset ranges of a topic, batch by batch, committing nothing: a fresh group seeks each
 * partition to its start, partitions outside the ranges are paused, and each partition stops at its
 * end (a transactional topic may end in markers that deliver no record: an idle partition that has
 * reached the high watermark counts as done).
 */
export async function readRanges(kafka: Kafka, topic: string, ranges: readonly PartitionRange[], sink: RecordSink, options: RangeReadOptions): Promise<{ complete: boolean }> {
  const pending = new Map(ranges.filter((r) => BigInt(r.from) < BigInt(r.to)).map((r) => [r.partition, r] as const));
  if (pending.size === 0) return { complete: true };
  const groupId = `${options.groupPrefix}storyline-ops-${randomBytes(6).toString('hex')}`;
  // Whole fetches of up to 8 MiB per partition: a rebuild folds each one with a few Redis round trips, so larger batches mean fewer.
  const consumer = kafka.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false, maxBytes: 8 * 1024 * 1024, maxBytesPerPartition: 8 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<{ complete: boolean }>((resolve, reject) => {
      let settled = false;
      let idleTimer: NodeJS.Timeout | undefined;
      const finish = (complete: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(idleTimer);
        clearTimeout(overall);
        resolve({ complete });
      };
      const armIdle = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => finish(false), options.idleMs ?? 10_000);
      };
      const overall = setTimeout(() => {
        settled = true;
        clearTimeout(idleTimer);
        reject(new Error(`reading ${topic} did not finish within ${options.timeoutMs ?? 600_000} ms`));
      }, options.timeoutMs ?? 600_000);
      armIdle();
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const assigned = event.payload.memberAssignment[topic] ?? [];
        const outside = assigned.filter((p) => !pending.has(p));
        if (outside.length > 0) consumer.pause([{ topic, partitions: outside }]);
      });
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async (payload) => {
            const { batch } = payload;
            if (settled) return;
            // Idle means the broker delivers nothing: a slow sink (a rebuild folding a large batch) is not idle.
            clearTimeout(idleTimer);
            const range = pending.get(batch.partition);
            if (!range) return;
            const end = BigInt(range.to);
            const records = batch.messages.filter((m) => BigInt(m.offset) < end).map((m) => toRecord(topic, batch.partition, m));
            for (const m of batch.messages) payload.resolveOffset(m.offset);
            const answer = records.length > 0 ? await sink(records) : 'more';
            await payload.heartbeat();
            const next = batch.isEmpty() ? BigInt(batch.highWatermark) : BigInt(batch.lastOffset()) + 1n;
            if (next >= end || (batch.offsetLag() === '0' && BigInt(batch.highWatermark) <= end)) {
              pending.delete(batch.partition);
              consumer.pause([{ topic, partitions: [batch.partition] }]);
            }
            if (answer === 'stop') finish(false);
            else if (pending.size === 0) finish(true);
            else armIdle();
          },
        })
        .catch(reject);
      for (const range of ranges) consumer.seek({ topic, partition: range.partition, offset: range.from });
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
