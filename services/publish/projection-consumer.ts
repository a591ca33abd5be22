import type { RecordedStoryEvent } from '../domain/story/index.ts';
import type { RunningConsumer } from '../shared/kafka/consumer-runner.ts';
import type { Logger } from '../shared/logger.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startServiceConsumer } from '../shared/platform/service-consumer.ts';
import type { RedisProjection } from './redis-projection.ts';

export const PROJECTION_CONSUMER: ConsumerDeclaration = {
  name: 'projection',
  input: (topics) => topics.storyEvents.name,
  description: 'folds the event log into the Redis read model (stories, versions, indexes, feed)',
};

export interface ProjectionConsumerDeps {
  readonly platform: Platform;
  readonly projection: RedisProjection;
  readonly decode: (bytes: Buffer) => Promise<RecordedStoryEvent>;
  readonly logger: Logger;
}

/** At-least-once from story.events.v1 into Redis; the projection's compare-and-set makes redelivery harmless. */
export function startProjectionConsumer(deps: ProjectionConsumerDeps): Promise<RunningConsumer> {
  const log = deps.logger.child({ component: 'projection' });
  return startServiceConsumer(deps.platform, PROJECTION_CONSUMER, {
      decode: deps.decode,
      handle: async ({ value: event, partition, offset }) => {
        const outcome = await deps.projection.apply(event, { partition, offset });
        log.debug({ storyId: event.storyId, sequence: event.sequence, partition, offset, applied: outcome.applied, change: outcome.change?.kind ?? null }, 'story event projected');
      },
    });
}
