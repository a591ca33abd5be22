import type { Kafka, Producer } from 'kafkajs';
import type { AvroCodec } from '../contracts/avro-codec.ts';
import { TOPICS } from '../contracts/topics.ts';
import type { DeadLetter } from '../contracts/types.generated.ts';
import type { RecordedStoryEvent } from '../domain/story/index.ts';
import { runConsumer, type RunningConsumer } from '../shared/kafka/consumer-runner.ts';
import type { Logger } from '../shared/logger.ts';
import type { RedisProjection } from './redis-projection.ts';

export const PROJECTION_GROUP = 'projection';

export interface ProjectionConsumerDeps {
  readonly kafka: Kafka;
  readonly projection: RedisProjection;
  readonly decode: (bytes: Buffer) => Promise<RecordedStoryEvent>;
  readonly deadLetters: { producer: Producer; codec: AvroCodec<DeadLetter> };
  readonly logger: Logger;
}

/** At-least-once from story.events.v1 into Redis; the projection's compare-and-set makes redelivery harmless. */
export function startProjectionConsumer(deps: ProjectionConsumerDeps): Promise<RunningConsumer> {
  const log = deps.logger.child({ component: 'projection' });
  return runConsumer(
    deps.kafka,
    {
      name: PROJECTION_GROUP,
      topic: TOPICS.storyEvents.name,
      decode: deps.decode,
      handle: async ({ value: event, partition, offset }) => {
        const outcome = await deps.projection.apply(event, { partition, offset });
        log.debug({ storyId: event.storyId, sequence: event.sequence, partition, offset, applied: outcome.applied, change: outcome.change?.kind ?? null }, 'story event projected');
      },
    },
    deps.deadLetters,
    log,
  );
}
