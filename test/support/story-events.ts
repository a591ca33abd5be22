import { codecFor } from '../../services/contracts/avro-codec.ts';
import { fromAvroStoryEvent, type AvroStoryEvent, type RecordedStoryEvent } from '../../services/domain/story/index.ts';
import type { Platform } from '../../services/shared/platform/platform.ts';
import { runId } from './run-id.ts';

/** Reads one story's events from the log (decoded through the registry) until `done` holds, then lingers to catch extras. */
export async function storyEvents(platform: Platform, storyId: string, done: (events: RecordedStoryEvent[]) => boolean, options: { timeoutMs?: number; lingerMs?: number } = {}): Promise<RecordedStoryEvent[]> {
  const codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
  const consumer = platform.kafka.consumer({ groupId: runId('events-reader') });
  const events: RecordedStoryEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: platform.topics.storyEvents.name, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`story ${storyId}: condition not met; events so far: ${events.map((e) => `${e.sequence}:${e.type}`).join(', ')}`)), options.timeoutMs ?? 90_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== storyId) return;
          events.push(fromAvroStoryEvent(await codec.decode(message.value!)));
          if (done(events)) {
            clearTimeout(timer);
            setTimeout(resolve, options.lingerMs ?? 1000);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}
