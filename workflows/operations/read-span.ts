import type { Kafka } from 'kafkajs';
import { readRanges, type RangeRecord } from '../../services/admin/kafka/topic-range-reader.ts';
import type { Offsets } from './operations-signals.ts';

/**
 * Reads a topic from `positions` towards `end`, at most `maxRecords` records,
 * hands them to `handle` fetch by fetch and answers where it got to: the unit of work of one activity.
 */
export async function readSpan(
  kafka: Kafka,
  topic: string,
  span: { readonly positions: Offsets; readonly end: Offsets; readonly maxRecords: number; readonly groupPrefix: string },
  handle: (records: readonly RangeRecord[]) => Promise<void>,
  heartbeat: (read: number) => void,
): Promise<{ positions: Offsets; read: number }> {
  const positions = { ...span.positions };
  let read = 0;
  const ranges = Object.entries(span.end).map(([p, to]) => ({ partition: Number(p), from: positions[p] ?? to, to }));
  const { complete } = await readRanges(
    kafka,
    topic,
    ranges,
    async (fetched) => {
      // One Kafka fetch can hold thousands of records: a batch is bounded by maxRecords, not by the fetch.
      const records = fetched.slice(0, span.maxRecords - read);
      await handle(records);
      for (const record of records) {
        const at = BigInt(record.offset) + 1n;
        if (at > BigInt(positions[String(record.partition)] ?? '0')) positions[String(record.partition)] = String(at);
        read++;
      }
      heartbeat(read);
      return read >= span.maxRecords ? 'stop' : 'more';
    },
    { groupPrefix: span.groupPrefix, idleMs: 5_000 },
  );
  // A complete read reached every end, also past transaction markers that deliver no record.
  if (complete) for (const [p, to] of Object.entries(span.end)) if (BigInt(positions[p] ?? to) < BigInt(to)) positions[p] = to;
  return { positions, read };
}
