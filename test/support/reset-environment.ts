import { Redis } from 'ioredis';
import type { Config } from '../../services/shared/config.ts';
import { createKafka } from '../../services/shared/kafka/kafka-client.ts';

/**
 * Each run starts from an empty test environment: its topics are recreated and its Redis database
 * emptied, so the dedupe index of an earlier run cannot route this run's copy into old stories.
 */
export async function resetTestEnvironment(config: Config): Promise<void> {
  const admin = createKafka('storyline-test-setup', config.kafka.brokers).admin();
  await admin.connect();
  try {
    const stale = (await admin.listTopics()).filter((topic) => topic.startsWith(config.kafkaPrefix));
    if (stale.length > 0) await admin.deleteTopics({ topics: stale, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
  const redis = new Redis(config.redis.url);
  await redis.flushdb();
  redis.disconnect();
}

