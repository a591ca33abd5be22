import { codecFor } from '../contracts/avro-codec.ts';
import { deadLetterTopic } from '../contracts/topics.ts';
import type { DeadLetter } from '../contracts/types.generated.ts';
import { runConsumer, type ConsumerSpec, type RunningConsumer } from '../shared/kafka/consumer-runner.ts';
import type { Platform } from './platform.ts';

/** A service's consumer with its own dead-letter producer: both started together, stopped together. */
export async function startServiceConsumer<T>(platform: Platform, spec: ConsumerSpec<T>): Promise<RunningConsumer> {
  const producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const codec = await codecFor<DeadLetter>(platform.catalog, platform.registry, deadLetterTopic(spec.name));
  const consumer = await runConsumer(platform.kafka, spec, { producer, codec }, platform.logger);
  return {
    name: spec.name,
    async stop() {
      await consumer.stop();
      await producer.disconnect();
    },
  };
}
