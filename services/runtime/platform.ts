import { Redis } from 'ioredis';
import type { Kafka, Admin } from 'kafkajs';
import { SchemaCatalog } from '../contracts/avro-codec.ts';
import { SchemaRegistryClient } from '../contracts/schema-registry-client.ts';
import { TOPICS, deadLetterTopic } from '../contracts/topics.ts';
import type { Config } from '../shared/config.ts';
import { createKafka } from '../shared/kafka/kafka-client.ts';
import { ensureTopics } from '../shared/kafka/topic-admin.ts';
import type { Logger } from '../shared/logger.ts';

/** The clients every service shares within one process: made once by the composition root, closed once. */
export interface Platform {
  readonly config: Config;
  readonly logger: Logger;
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly registry: SchemaRegistryClient;
  readonly catalog: SchemaCatalog;
  close(): Promise<void>;
}

export const CONSUMERS = ['dedupe-router', 'enrich', 'projection', 'publisher'] as const;

export async function createPlatform(config: Config, logger: Logger, clientId = 'storyline'): Promise<Platform> {
  const kafka = createKafka(clientId, config.kafka.brokers, logger.child({ component: 'kafkajs' }));
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 3, lazyConnect: true });
  await redis.connect();
  const registry = new SchemaRegistryClient(config.registry.url);
  const catalog = SchemaCatalog.fromSchemasDir();
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const created = await ensureTopics(admin, [...Object.values(TOPICS), ...CONSUMERS.map(deadLetterTopic)]);
    if (created.length > 0) logger.info({ topics: created }, 'topics created');
  } finally {
    await admin.disconnect();
  }
  return {
    config,
    logger,
    kafka,
    redis,
    registry,
    catalog,
    async close() {
      await redis.quit();
    },
  };
}
