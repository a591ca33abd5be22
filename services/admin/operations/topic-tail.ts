import type { Admin, Kafka } from 'kafkajs';
import type { TopicCatalogue } from '../../contracts/topics.ts';
import type { ConsumerDeclaration } from '../../shared/platform/consumer-declaration.ts';
import { partitionForKey } from '../kafka/key-partition.ts';
import type { DecodedValue, RegistryDecoder } from '../kafka/registry-decoder.ts';
import { partitionBounds, resolvePosition, type PositionSpec } from '../kafka/topic-positions.ts';
import { readRanges } from '../kafka/topic-range-reader.ts';

export interface TailedRecord {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: DecodedValue;
}

export interface TailPage {
  readonly topic: string;
  readonly records: readonly TailedRecord[];
  /** Where to continue (`partition:offset,…`): pass it as `from` to follow the topic. */
  readonly next: string;
}

export interface TailRequest {
  /** Without a start: the newest `limit` records. */
  readonly from: PositionSpec | null;
  readonly limit: number;
  readonly key: string | null;
}

export class UnknownTopicError extends Error {
  readonly code = 'unknown_topic';
}

/** A topic by its base name (`story.events.v1`, `dlq.router.v1`) or its full name in this environment. */
export function resolveTopicName(name: string, topics: TopicCatalogue, consumers: readonly ConsumerDeclaration[]): string | undefined {
  const known = [...topics.all().map((t) => t.name), ...consumers.map((c) => topics.deadLetter(c.name).name)];
  return known.find((t) => t === name) ?? known.find((t) => t === `${topics.prefix}${name}`);
}

export async function tailTopic(deps: { kafka: Kafka; admin: Admin; decoder: RegistryDecoder; groupPrefix: string }, topic: string, request: TailRequest): Promise<TailPage> {
  const bounds = await partitionBounds(deps.admin, topic);
  const keyPartition = request.key === null ? null : partitionForKey(topic, request.key, bounds.length);
  const wanted = bounds.filter((b) => keyPartition === null || b.partition === keyPartition);
  const starts = request.from
    ? await resolvePosition(deps.admin, topic, request.from, 'earliest')
    : new Map(bounds.map((b) => {
        const from = BigInt(b.high) - BigInt(request.limit);
        return [b.partition, String(from > BigInt(b.low) ? from : BigInt(b.low))] as const;
      }));
  const records: TailedRecord[] = [];
  const next = new Map(bounds.map((b) => [b.partition, starts.get(b.partition) ?? b.high] as const));
  const ranges = wanted.map((b) => ({ partition: b.partition, from: starts.get(b.partition) ?? b.high, to: b.high }));
  const { complete } = await readRanges(deps.kafka, topic, ranges, async (batch) => {
    for (const record of batch) {
      if (request.from && records.length >= request.limit) break;
      next.set(record.partition, String(BigInt(record.offset) + 1n));
      const key = record.key?.toString() ?? null;
      if (request.key !== null && key !== request.key) continue;
      records.push({ partition: record.partition, offset: record.offset, timestamp: new Date(Number(record.timestamp)).toISOString(), key, headers: record.headers, value: await deps.decoder.decode(record.value) });
    }
    return request.from && records.length >= request.limit ? 'stop' : 'more';
  }, { groupPrefix: deps.groupPrefix, idleMs: 5_000 });
  // A complete read reached every end, also past transaction markers that deliver no record.
  if (complete) for (const b of wanted) if (BigInt(next.get(b.partition)!) < BigInt(b.high)) next.set(b.partition, b.high);
  const ordered = records.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  const page = request.from ? ordered : ordered.slice(-request.limit);
  return { topic, records: page, next: [...next].map(([p, o]) => `${p}:${o}`).join(',') };
}
