import type { Consumer, Kafka } from 'kafkajs';
import { AvroCodec, SchemaCatalog } from '../contracts/avro-codec.ts';
import type { SchemaRegistryClient } from '../contracts/schema-registry-client.ts';
import { TOPIC_SPECS } from '../contracts/topics.ts';
import type { Story, StoryUpdate } from '../contracts/types.generated.ts';
import { headersOf } from '../shared/kafka/message-headers.ts';

/** The topics downstream teams may read, bound to their value types (stories.v1 values are null on kill). */
export interface PublicTopicValues {
  'stories.v1': Story | null;
  'story-updates.v1': StoryUpdate;
}

export type PublicTopic = keyof PublicTopicValues;

const SPECS: Record<PublicTopic, { name: string; valueSchema: string }> = {
  'stories.v1': TOPIC_SPECS.stories,
  'story-updates.v1': TOPIC_SPECS.storyUpdates,
};

export interface PublicRecord<T extends PublicTopic> {
  readonly topic: T;
  readonly partition: number;
  readonly offset: string;
  /** The story id. */
  readonly key: string;
  readonly value: PublicTopicValues[T];
  /** Routing facts (storyline-subjects, storyline-places, storyline-provider, storyline-reason, …). */
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: string;
}

export type PublicHandler<T extends PublicTopic> = (record: PublicRecord<T>) => Promise<void>;

export interface StorylineConsumerOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistryClient;
  /**
   * Your consumer group: offsets are kept per group, so a restart resumes where it stopped. Each
   * subscription runs its own group, `<groupId>.<topic>`, so two topics never share an assignment.
   */
  readonly groupId: string;
  /** The environment's topic prefix (`STORYLINE_ENV` + '.'), empty for the default environment. */
  readonly topicPrefix?: string;
  /** The reader schemas; the repo's schemas/ by default. Records written with older or newer schemas are resolved into these. */
  readonly catalog?: SchemaCatalog;
  readonly fromBeginning?: boolean;
  readonly logger?: ConsumerLogger;
}

/** Any structured logger with pino's `info(object, message)` shape. */
export interface ConsumerLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface SubscribeOptions {
  /** Skip records by their headers without decoding them (the offset still advances). */
  readonly where?: (headers: Readonly<Record<string, string>>) => boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

/**
 * A typed reader of Storyline's public topics. Delivery is at-least-once: an offset is committed only
 * after the handler resolved, and a handler that throws gets the record again; make handlers
 * idempotent (see `idempotent` in idempotent-handler.ts). Decoding uses the schema registry (Confluent
 * framing), so schema evolution is handled by Avro resolution against the reader schema.
 */
export function createStorylineConsumer(options: StorylineConsumerOptions) {
  const catalog = options.catalog ?? SchemaCatalog.fromSchemasDir();
  return {
    async subscribe<T extends PublicTopic>(topic: T, handler: PublicHandler<T>, subscribeOptions: SubscribeOptions = {}): Promise<Subscription> {
      const topicName = `${options.topicPrefix ?? ''}${SPECS[topic].name}`;
      const codec = publicTopicCodec(topic, catalog, options.registry);
      const consumer: Consumer = options.kafka.consumer({ groupId: `${options.groupId}.${topic}`, readUncommitted: false });
      await consumer.connect();
      await consumer.subscribe({ topic: topicName, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers = headersOf(message);
          if (subscribeOptions.where && !subscribeOptions.where(headers)) return;
          const value = (message.value === null ? null : await codec.decode(message.value)) as PublicTopicValues[T];
          await handler({ topic, partition, offset: message.offset, key: message.key?.toString() ?? '', value, headers, timestamp: message.timestamp });
        },
      });
      options.logger?.info({ topic: topicName, groupId: `${options.groupId}.${topic}` }, 'subscribed');
      return { stop: () => consumer.disconnect() };
    },
  };
}

/** Reading only: the writer id is never used, the registry supplies each record's writer schema and Avro resolves it into the reader's. */
export function publicTopicCodec<T extends PublicTopic>(topic: T, catalog: SchemaCatalog, registry: SchemaRegistryClient): AvroCodec<NonNullable<PublicTopicValues[T]>> {
  return new AvroCodec<NonNullable<PublicTopicValues[T]>>(catalog.type(SPECS[topic].valueSchema), -1, registry);
}

/** `where` helper: a header holding a comma-separated facet list contains a value. */
export function headerHas(headers: Readonly<Record<string, string>>, name: string, value: string): boolean {
  return (headers[name] ?? '').split(',').includes(value.trim().toLowerCase());
}
