import { Redis } from 'ioredis';
import type { Kafka, Admin } from 'kafkajs';
import { SchemaCatalog } from '../../contracts/avro-codec.ts';
import { SchemaRegistryClient } from '../../contracts/schema-registry-client.ts';
import { topicCatalogue, type TopicCatalogue, type TopicSpec } from '../../contracts/topics.ts';
import type { Config } from '../config.ts';
import type { ConsumerSupervision } from '../kafka/consumer-runner.ts';
import { createKafka } from '../kafka/kafka-client.ts';
import { ensureTopics } from '../kafka/topic-admin.ts';
import type { Logger } from '../logger.ts';
import { startTracing, type Tracing } from '../tracing/tracing.ts';
import type { ConsumerDeclaration } from './consumer-declaration.ts';

/** The clients every service shares within one process: made once by the composition root, closed once. */
export interface Platform {
  readonly config: Config;
  readonly logger: Logger;
  /** Topic names, consumer groups and transactional ids of this environment. */
  readonly topics: TopicCatalogue;
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly registry: SchemaRegistryClient;
  readonly catalog: SchemaCatalog;
  /** Creates the topics when missing (idempotent; topic auto-creation may be off on a real cluster). */
  ensureTopics(topics: readonly TopicSpec<unknown>[]): Promise<void>;
  /** What the process does when a consumer crashes beyond recovery, and where consumers report (metrics). */
  readonly supervision?: ConsumerSupervision;
  /** OpenTelemetry tracing of this process (off unless configured). */
  readonly tracing: Tracing;
  close(): Promise<void>;
}

export interface PlatformOptions {
  readonly clientId?: string;
  /** The consumers this process or deployment runs: their dead-letter topics are created up front. */
  readonly consumers?: readonly ConsumerDeclaration[];
  readonly supervision?: ConsumerSupervision;
  /** How long a start waits for Redis before it fails (and the process exits for its supervisor). */
  readonly redisStartTimeoutMs?: number;
}

const REDIS_START_TIMEOUT_MS = 30_000;

/**
 * A failed first connect leaves ioredis reconnecting for ever, which keeps the process alive: a process
 * started during a Redis outage hung, neither ready nor exited. The start gets a deadline, a failure
 * stops the client and names the address, and connection errors are logged when they change instead
 * of as unhandled error events.
 */
async function connectRedis(url: string, logger: Logger, timeoutMs: number): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn({ err: error.message }, 'redis connection error');
  });
  redis.on('ready', () => {
    lastError = '';
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([redis.connect(), deadline]);
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at ${url} is unreachable: ${lastError || (error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

export async function createPlatform(config: Config, logger: Logger, options: PlatformOptions = {}): Promise<Platform> {
  const topics = topicCatalogue(config.kafkaPrefix);
  const kafka = createKafka(options.clientId ?? 'storyline', config.kafka.brokers, logger.child({ component: 'kafkajs' }));
  const redis = await connectRedis(config.redis.url, logger, options.redisStartTimeoutMs ?? REDIS_START_TIMEOUT_MS);
  const create = async (specs: readonly TopicSpec<unknown>[]) => {
    const admin: Admin = kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, specs);
      if (created.length > 0) logger.info({ topics: created }, 'topics created');
    } finally {
      await admin.disconnect();
    }
  };
  await create([...topics.all(), ...(options.consumers ?? []).map((consumer) => topics.deadLetter(consumer.name))]);
  const tracing = startTracing(config.tracing, options.clientId ?? 'storyline', logger.child({ component: 'tracing' }));
  return {
    config,
    logger,
    topics,
    kafka,
    redis,
    registry: new SchemaRegistryClient(config.registry.url),
    catalog: SchemaCatalog.fromSchemasDir(),
    ensureTopics: create,
    supervision: options.supervision,
    tracing,
    async close() {
      await redis.quit();
      await tracing.shutdown();
    },
  };
}
