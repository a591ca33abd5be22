import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { AvroCodec } from '../../services/contracts/avro-codec.ts';
import { fromAvroStoryEvent, type AvroStoryEvent, type RecordedStoryEvent } from '../../services/domain/story/index.ts';

/** Reads one story's events back from the event log. */
export interface StoryLog {
  readStory(storyId: string): Promise<RecordedStoryEvent[]>;
}

/**
 * Scans story.events.v1 from the beginning to the end offsets of the moment it started and keeps the
 * story's events. A full scan is slow on a large log; it runs only when a story workflow starts over
 * a story that already has events (after a terminate or a reset), never for a new story.
 */
export function kafkaStoryLog(kafka: Kafka, codec: AvroCodec<AvroStoryEvent>, topic: string): StoryLog {
  return {
    async readStory(storyId) {
      const admin = kafka.admin();
      await admin.connect();
      const groupId = `storyline-story-log-${randomUUID()}`;
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        const ends = new Map(offsets.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
        if (ends.size === 0) return [];
        const events: RecordedStoryEvent[] = [];
        const consumer = kafka.consumer({ groupId });
        await consumer.connect();
        try {
          await consumer.subscribe({ topic, fromBeginning: true });
          await new Promise<void>((resolve, reject) => {
            consumer
              .run({
                autoCommit: false,
                eachMessage: async ({ partition, message }) => {
                  try {
                    if (message.key?.toString() === storyId && message.value) events.push(fromAvroStoryEvent(await codec.decode(message.value)));
                  } catch (error) {
                    reject(error instanceof Error ? error : new Error(String(error)));
                  }
                  if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) {
                    ends.delete(partition);
                    if (ends.size === 0) resolve();
                  }
                },
              })
              .catch(reject);
          });
        } finally {
          await consumer.disconnect();
        }
        return events;
      } finally {
        await admin.deleteGroups([groupId]).catch(() => undefined);
        await admin.disconnect();
      }
    },
  };
}
