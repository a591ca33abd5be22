import { codecFor } from '../../contracts/avro-codec.ts';
import type { DeadLetter } from '../../contracts/types.generated.ts';
import { runConsumer, type ConsumerHandler, type RunningConsumer } from '../kafka/consumer-runner.ts';
import { resolveConsumer, type ConsumerDeclaration } from './consumer-declaration.ts';
import type { Platform } from './platform.ts';

/**
 * A service's declared consumer with its own dead-letter producer: both started together, stopped
 * together. Its dead-letter topic is made sure of first, so even a consumer missing from the
 * deployment's registry can dead-letter its first poison message.
 */
export async function startServiceConsumer<T>(platform: Platform, declaration: ConsumerDeclaration, handler: ConsumerHandler<T>): Promise<RunningConsumer> {
  const deadLetterSpec = platform.topics.deadLetter(declaration.name);
  await platform.ensureTopics([deadLetterSpec]);
  const producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const codec = await codecFor<DeadLetter>(platform.catalog, platform.registry, deadLetterSpec);
  const consumer = await runConsumer(platform.kafka, resolveConsumer(declaration, platform.topics), handler, { producer, codec }, platform.logger);
  return {
    name: declaration.name,
    async stop() {
      await consumer.stop();
      await producer.disconnect();
    },
  };
}
