import { codecFor } from '../contracts/avro-codec.ts';
import type { Story, StoryUpdate } from '../contracts/types.generated.ts';
import type { AvroStoryEvent, RecordedStoryEvent } from '../domain/story/index.ts';
import type { RunningConsumer } from '../shared/kafka/consumer-runner.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startServiceConsumer } from '../shared/platform/service-consumer.ts';
import { PartitionProducers } from './partition-producers.ts';
import { startProjectionConsumer } from './projection-consumer.ts';
import { PublicTopicsPublisher } from './public-topics-publisher.ts';
import { PublisherSnapshots } from './publisher-snapshots.ts';
import { RedisProjection } from './redis-projection.ts';
import { storyEventDecoder } from './story-event-decoder.ts';

export const PUBLISHER_CONSUMER: ConsumerDeclaration = {
  name: 'publisher',
  input: (topics) => topics.storyEvents.name,
  description: 'publishes stories.v1 and story-updates.v1 exactly once (Kafka transactions)',
};

export interface PublishService {
  stop(): Promise<void>;
}

export interface PublisherOptions {
  /** The consumer group (and transactional id prefix); tests run a publisher group of their own. */
  readonly declaration?: ConsumerDeclaration;
  readonly snapshots?: PublisherSnapshots;
  readonly sessionTimeoutMs?: number;
}

async function storyEventsDecoder(platform: Platform): Promise<(bytes: Buffer) => Promise<RecordedStoryEvent>> {
  return storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents));
}

/** The Redis projection: its own consumer group, any number of processes. */
export async function startProjectionService(platform: Platform): Promise<PublishService> {
  const logger = platform.logger.child({ component: 'publish' });
  // A stale owner of a partition appending ahead of the new one is the only way to a gap in the feed: say so loudly.
  const projection = new RedisProjection(platform.redis, { onFeedGap: (gap) => logger.error(gap, 'a feed entry could not be appended: a later entry of its partition is already in the feed') });
  const running = await startProjectionConsumer({ platform, projection, decode: await storyEventsDecoder(platform), logger });
  return { stop: () => running.stop() };
}

/**
 * The public-topics publisher: any number of processes share the input partitions through the
 * consumer group; each partition is published through its own transactional producer, made when the
 * group assigns it, so a newer owner fences an older one (see `PartitionProducers`).
 */
export async function startPublisherService(platform: Platform, options: PublisherOptions = {}): Promise<PublishService> {
  const logger = platform.logger.child({ component: 'publisher' });
  const { topics } = platform;
  const declaration = options.declaration ?? PUBLISHER_CONSUMER;
  const codecs = {
    story: await codecFor<Story>(platform.catalog, platform.registry, topics.stories),
    update: await codecFor<StoryUpdate>(platform.catalog, platform.registry, topics.storyUpdates),
  };
  const snapshots = options.snapshots ?? new PublisherSnapshots(platform.redis);
  const groupId = topics.group(declaration.name);
  const producers = new PartitionProducers(platform.kafka, groupId, (topic, partition) => snapshots.claimOwnership(topic, partition), logger);
  const publisher = new PublicTopicsPublisher(producers, codecs, topics, snapshots, groupId, logger);
  let consumer: RunningConsumer;
  try {
    consumer = await startServiceConsumer(platform, declaration, {
      decode: await storyEventsDecoder(platform),
      onAssignment: (assignment) => producers.assign(assignment),
      ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: options.sessionTimeoutMs }),
      handle: async ({ value, topic, partition, offset }) => void (await publisher.handle(value, { topic, partition, offset })),
    });
  } catch (error) {
    await producers.stop();
    throw error;
  }
  logger.info('publisher running');
  return {
    async stop() {
      await consumer.stop();
      await producers.stop();
    },
  };
}

/** The publish side of one process: the Redis projection and the public-topics publisher, each its own consumer group. */
export async function startPublishService(platform: Platform): Promise<PublishService> {
  const projection = await startProjectionService(platform);
  try {
    const publisher = await startPublisherService(platform);
    return {
      async stop() {
        await Promise.all([projection.stop(), publisher.stop()]);
      },
    };
  } catch (error) {
    await projection.stop();
    throw error;
  }
}
