import { Redis } from 'ioredis';
import type { Config } from '../../services/shared/config.ts';
import { createKafka } from '../../services/shared/kafka/kafka-client.ts';

/**
 * Each run starts from an empty test environment: its topics are recreated and its Redis database
 * emptied, so the dedupe index of an earlier run cannot route this run's copy into old stories.
 * It refuses anything but a test environment: with an empty prefix it would delete a user's topics,
 * and in database 0 it would flush the main job's stories.
 */
export async function resetTestEnvironment(config: Config): Promise<void> {
  assertTestEnvironment(config);
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

export function assertTestEnvironment(config: Pick<Config, 'kafkaPrefix' | 'redis'>): void {
  if (!/^test[a-z0-9-]*\.$/.test(config.kafkaPrefix)) {
    throw new Error(`refusing to reset: the topic prefix ${JSON.stringify(config.kafkaPrefix)} is not a test environment's (STORYLINE_ENV must start with "test")`);
  }
  const database = new URL(config.redis.url).pathname.replace('/', '') || '0';
  if (database === '0') throw new Error(`refusing to reset: ${config.redis.url} is Redis database 0, the main job's`);
}
