import type { Admin } from 'kafkajs';
import type { TopicCatalogue } from '../../contracts/topics.ts';
import { resolveConsumer, type ConsumerDeclaration } from '../../shared/platform/consumer-declaration.ts';
import { partitionBounds } from '../kafka/topic-positions.ts';

export interface GroupMember {
  readonly clientId: string;
  readonly host: string;
}

export interface PartitionLag {
  readonly partition: number;
  /** Committed offset, or null when the group never committed on this partition. */
  readonly committed: string | null;
  readonly end: string;
  readonly lag: number;
}

export interface ConsumerLag {
  readonly consumer: string;
  readonly group: string;
  readonly topic: string;
  readonly state: string;
  readonly members: readonly GroupMember[];
  readonly partitions: readonly PartitionLag[];
  readonly totalLag: number;
}

/** Lag of one group on its topic: the high watermark minus the committed offset (from the start when none). */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<Omit<ConsumerLag, 'consumer'>> {
  const [bounds, committed, described] = await Promise.all([partitionBounds(admin, topic), admin.fetchOffsets({ groupId, topics: [topic] }), admin.describeGroups([groupId])]);
  const offsets = new Map((committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset] as const));
  const partitions = bounds.map((b) => {
    const offset = offsets.get(b.partition);
    const known = offset !== undefined && offset !== '-1' ? offset : null;
    const lag = Number(BigInt(b.high) - BigInt(known ?? b.low));
    return { partition: b.partition, committed: known, end: b.high, lag: Math.max(0, lag) };
  });
  const group = described.groups[0];
  return {
    group: groupId,
    topic,
    state: group?.state ?? 'Unknown',
    members: (group?.members ?? []).map((m) => ({ clientId: m.clientId, host: m.clientHost })),
    partitions,
    totalLag: partitions.reduce((sum, p) => sum + p.lag, 0),
  };
}

export async function consumerLags(admin: Admin, topics: TopicCatalogue, consumers: readonly ConsumerDeclaration[]): Promise<ConsumerLag[]> {
  return Promise.all(
    consumers.map(async (declaration) => {
      const binding = resolveConsumer(declaration, topics);
      return { consumer: declaration.name, ...(await groupLag(admin, binding.groupId, binding.topic)) };
    }),
  );
}

export interface DeadLetterCount {
  readonly consumer: string;
  readonly topic: string;
  readonly count: number;
}

/** Records kept on each consumer's dead-letter topic (high minus low watermark). */
export async function deadLetterCounts(admin: Admin, topics: TopicCatalogue, consumers: readonly ConsumerDeclaration[]): Promise<DeadLetterCount[]> {
  const existing = new Set(await admin.listTopics());
  return Promise.all(
    consumers.map(async (declaration) => {
      const topic = topics.deadLetter(declaration.name).name;
      if (!existing.has(topic)) return { consumer: declaration.name, topic, count: 0 };
      const bounds = await partitionBounds(admin, topic);
      return { consumer: declaration.name, topic, count: bounds.reduce((sum, b) => sum + Number(BigInt(b.high) - BigInt(b.low)), 0) };
    }),
  );
}
