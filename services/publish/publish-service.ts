import { codecFor } from '../contracts/avro-codec.ts';
import { TOPICS, consumerGroup, deadLetterTopic } from '../contracts/topics.ts';
import type { DeadLetter, Story, StoryUpdate } from '../contracts/types.generated.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';
import type { Platform } from '../runtime/platform.ts';
import { runConsumer } from '../shared/kafka/consumer-runner.ts';
import { startProjectionConsumer } from './projection-consumer.ts';
import { PublicTopicsPublisher } from './public-topics-publisher.ts';
import { PublisherSnapshots } from './publisher-snapshots.ts';
import { RedisProjection } from './redis-projection.ts';
import { storyEventDecoder } from './story-event-decoder.ts';

export const PUBLISHER_GROUP = 'publisher';

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
  const storyEvents = storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, TOPICS.storyEvents));
  const codecs = {
    story: await codecFor<Story>(platform.catalog, platform.registry, TOPICS.stories),
    update: await codecFor<StoryUpdate>(platform.catalog, platform.registry, TOPICS.storyUpdates),
  };
  const dlqProducer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const transactional = platform.kafka.producer({ transactionalId: options.transactionalId ?? consumerGroup('storyline-publisher'), idempotent: true, maxInFlightRequests: 1 });
  await Promise.all([dlqProducer.connect(), transactional.connect()]);
  const deadLettersFor = async (group: string) => ({ producer: dlqProducer, codec: await codecFor<DeadLetter>(platform.catalog, platform.registry, deadLetterTopic(group)) });

  const projection = await startProjectionConsumer({
    kafka: platform.kafka,
    projection: new RedisProjection(platform.redis),
    decode: storyEvents,
    deadLetters: await deadLettersFor('projection'),
    logger,
  });
  const publisher = new PublicTopicsPublisher(transactional, codecs, new PublisherSnapshots(platform.redis), consumerGroup(PUBLISHER_GROUP), logger.child({ component: 'publisher' }));
  const publishing = await runConsumer(
    platform.kafka,
    { name: PUBLISHER_GROUP, topic: TOPICS.storyEvents.name, decode: storyEvents, handle: async ({ value, topic, partition, offset }) => void (await publisher.handle(value, { topic, partition, offset })) },
    await deadLettersFor(PUBLISHER_GROUP),
    logger.child({ component: 'publisher' }),
  );
  logger.info('publish service running');
  return {
    async stop() {
      await Promise.all([projection.stop(), publishing.stop()]);
      await Promise.all([dlqProducer.disconnect(), transactional.disconnect()]);
    },
  };
}
