import type { AvroCodec } from '../contracts/avro-codec.ts';
import { fromAvroStoryEvent, type AvroStoryEvent, type RecordedStoryEvent } from '../domain/story/index.ts';
import { poison } from '../shared/errors.ts';

/** Kafka bytes → a typed story event; anything that does not decode is poison (dead-lettered). */
export function storyEventDecoder(codec: AvroCodec<AvroStoryEvent>): (bytes: Buffer) => Promise<RecordedStoryEvent> {
  return async (bytes) => {
    const avro = await codec.decode(bytes);
    try {
      return fromAvroStoryEvent(avro);
    } catch (error) {
      throw poison('story_event_malformed', `story event ${avro.eventId} could not be read`, error);
    }
  };
}
