import { Redis } from 'ioredis';
import { SchemaCatalog, codecFor } from '../contracts/avro-codec.ts';
import { SchemaRegistryClient } from '../contracts/schema-registry-client.ts';
import { topicCatalogue } from '../contracts/topics.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';
import { parseItem } from '../ingest/parsers/index.ts';
import { sampleArticles } from '../runtime/sample-copy.ts';
import { loadConfig } from '../shared/config.ts';
import { createKafka } from '../shared/kafka/kafka-client.ts';
import type { BenchRow } from './measure.ts';
import { reportToParent } from './own-process.ts';
import { rebuildBench } from './rebuild-bench.ts';

/** What the parent (bench-command.ts) passes as JSON in argv[2]; the servers come from the same environment. */
export interface RebuildBenchTask {
  readonly stories: number;
  readonly runs: number;
}

/**
 * The projection rebuild bench in a process of its own, as the operations worker runs a rebuild: the
 * benchmark's process holds the enrichment models, and the plain read it is compared with paid for
 * collecting their heap (0.38x measured there, 0.15x here on the same machine).
 */
await reportToParent(async (task: RebuildBenchTask): Promise<BenchRow[]> => {
  const config = loadConfig();
  const topics = topicCatalogue(config.kafkaPrefix);
  const catalog = SchemaCatalog.fromSchemasDir();
  const registry = new SchemaRegistryClient(config.registry.url);
  const codec = () => codecFor<AvroStoryEvent>(catalog, registry, { name: `${topics.prefix}bench.story-events`, valueSchema: topics.storyEvents.valueSchema });
  const redis = new Redis(config.redis.url);
  try {
    const kafka = createKafka('storyline-bench', config.kafka.brokers);
    return await rebuildBench({ kafka, redis, codec, groupPrefix: topics.prefix, topicPrefix: topics.prefix }, sampleArticles(parseItem), task);
  } finally {
    await redis.quit();
  }
});
