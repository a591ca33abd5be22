import kafkajs, { type Admin } from 'kafkajs';
import { MAX_RECORD_BYTES } from './message-limits.ts';

// Node's ESM loader sees only some of kafkajs' CommonJS exports by name; these enums come off the default export.
const { ConfigResourceTypes, ConfigSource } = kafkajs;

export interface TopicToCreate {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly retentionMs: number;
  /** Largest record the topic takes; every topic defaults to the one record limit (message-limits.ts). */
  readonly maxMessageBytes?: number;
}

/** Broker answers that only mean "not there yet": a topic just created (or created by another process at the same moment) is still being placed. */
const SETTLING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'TOPIC_ALREADY_EXISTS']);
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Creates missing topics and waits until they have leaders; of existing ones only the record size
 * limit is raised to the catalogue's (Kafka's 1 MiB default refuses records ingest accepts).
 * Idempotent at every start.
 */
export async function ensureTopics(admin: Admin, topics: readonly TopicToCreate[], replicationFactor = 1): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  await raiseRecordLimits(admin, topics.filter((t) => existing.has(t.name)));
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
          { name: 'max.message.bytes', value: String(t.maxMessageBytes ?? MAX_RECORD_BYTES) },
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

async function raiseRecordLimits(admin: Admin, topics: readonly TopicToCreate[]): Promise<void> {
  if (topics.length === 0) return;
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })) });
  const updates = topics.flatMap((topic) => {
    const wanted = topic.maxMessageBytes ?? MAX_RECORD_BYTES;
    const entries = described.resources.find((r) => r.resourceName === topic.name)?.configEntries ?? [];
    const current = Number(entries.find((e) => e.configName === 'max.message.bytes')?.configValue ?? 0);
    if (current >= wanted) return [];
    // AlterConfigs (kafkajs has no incremental form) replaces the topic's whole override set: carry the others over.
    const overrides = entries
      .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && e.configName !== 'max.message.bytes')
      .map((e) => ({ name: e.configName, value: e.configValue }));
    return [{ type: ConfigResourceTypes.TOPIC, name: topic.name, configEntries: [...overrides, { name: 'max.message.bytes', value: String(wanted) }] }];
  });
  if (updates.length > 0) await admin.alterConfigs({ validateOnly: false, resources: updates });
}
