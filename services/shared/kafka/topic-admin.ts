import type { Admin } from 'kafkajs';

export interface TopicToCreate {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly retentionMs: number;
}

/** Broker answers that only mean "not there yet": a topic just created (or created by another process at the same moment) is still being placed. */
const SETTLING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'TOPIC_ALREADY_EXISTS']);
const SETTLE_TIMEOUT_MS = 30_000;

/** Creates missing topics and waits until they have leaders; existing ones are left as they are (idempotent at every start). */
export async function ensureTopics(admin: Admin, topics: readonly TopicToCreate[], replicationFactor = 1): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  try {
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
  } catch (error) {
    if (!SETTLING.has(errorType(error))) throw error;
    await waitForLeaders(admin, missing.map((t) => t.name));
  }
  return missing.map((t) => t.name);
}

function errorType(error: unknown): string {
  const type = (error as { type?: unknown }).type;
  const nested = (error as { errors?: unknown[] }).errors?.[0];
  return typeof type === 'string' ? type : nested === undefined ? '' : errorType(nested);
}

async function waitForLeaders(admin: Admin, names: readonly string[]): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
      if (topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (!SETTLING.has(errorType(error)) || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics ${names.join(', ')} have no leader after ${SETTLE_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
