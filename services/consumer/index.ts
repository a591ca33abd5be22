/** @storyline/consumer: typed, schema-evolving readers of Storyline's public Kafka topics. */
export { createStorylineConsumer, headerHas, publicTopicCodec, type PublicHandler, type PublicRecord, type PublicTopic, type PublicTopicValues, type ConsumerLogger, type StorylineConsumerOptions, type SubscribeOptions, type Subscription } from './storyline-consumer.ts';
export { idempotent, memoryProcessedStore, redisProcessedStore, recordId, type ProcessedStore } from './idempotent-handler.ts';
export { SchemaRegistryClient } from '../contracts/schema-registry-client.ts';
export { SchemaCatalog } from '../contracts/avro-codec.ts';
export type { Story, StoryUpdate, Article, Enrichment, RelatedCoverage, VersionChanges, UpdateReason } from '../contracts/types.generated.ts';
