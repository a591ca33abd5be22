import type { Admin } from 'kafkajs';

export interface TopicToCreate {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly retentionMs: number;
}

/** Creates missing topics; existing ones are left as they are (idempotent at every start). */
export async function ensureTopics(admin: Admin, topics: readonly TopicToCreate[], replicationFactor = 1): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions,
      replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: t.cleanupPolicy },
        { name: 'retention.ms', value: String(t.retentionMs) },
        ...(t.cleanupPolicy === 'compact' ? [{ name: 'min.cleanable.dirty.ratio', value: '0.1' }, { name: 'segment.ms', value: String(3600_000) }] : []),
      ],
    })),
  });
  return missing.map((t) => t.name);
}
