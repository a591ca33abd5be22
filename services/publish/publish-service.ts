import { codecFor } from '../contracts/avro-codec.ts';
import type { Story, StoryUpdate } from '../contracts/types.generated.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startServiceConsumer } from '../shared/platform/service-consumer.ts';
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

export interface PublishOptions {
  /**
   * One per running publisher process. A restarted process must reuse its id so Kafka fences the
   * previous incarnation's unfinished transaction; two live processes must not share one.
   */
  readonly transactionalId?: string;
}

/** The publish side of one process: the Redis projection and the public-topics publisher, each its own consumer group. */
export async function startPublishService(platform: Platform, options: PublishOptions = {}): Promise<PublishService> {
  const logger = platform.logger.child({ component: 'publish' });
  const { topics } = platform;
  const storyEvents = storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, topics.storyEvents));
  const codecs = {
    story: await codecFor<Story>(platform.catalog, platform.registry, topics.stories),
    update: await codecFor<StoryUpdate>(platform.catalog, platform.registry, topics.storyUpdates),
  };
  const transactional = platform.kafka.producer({ transactionalId: options.transactionalId ?? topics.group('storyline-publisher'), idempotent: true, maxInFlightRequests: 1 });
  await transactional.connect();

  const projection = await startProjectionConsumer({ platform, projection: new RedisProjection(platform.redis), decode: storyEvents, logger });
  const publisher = new PublicTopicsPublisher(transactional, codecs, topics, new PublisherSnapshots(platform.redis), topics.group(PUBLISHER_CONSUMER.name), logger.child({ component: 'publisher' }));
  const publishing = await startServiceConsumer(platform, PUBLISHER_CONSUMER, {
    decode: storyEvents,
    handle: async ({ value, topic, partition, offset }) => void (await publisher.handle(value, { topic, partition, offset })),
  });
  logger.info('publish service running');
  return {
    async stop() {
      await Promise.all([projection.stop(), publishing.stop()]);
      await transactional.disconnect();
    },
  };
}
