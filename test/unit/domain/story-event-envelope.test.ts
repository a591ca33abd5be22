import { describe, expect, it } from 'vitest';
import { parseStoryEventId, storyEventId } from '../../../services/domain/story/event-ids.ts';
import { fromAvroStoryEvent, recordStoryEvents, toAvroStoryEvent } from '../../../services/domain/story/story-event-envelope.ts';
import { openedWith } from './story-event-builders.ts';
import { NOW, anArticle } from './story-fixtures.ts';

const context = { storyId: 'story-7', afterSequence: 4, occurredAt: NOW, recordedAt: NOW + 5, causationId: 's1', correlationId: 'sub-1', producer: 'story-workflow' };

describe('story event envelope', () => {
  it('places events after the last sequence with ids derived from (story, sequence)', () => {
    const events = recordStoryEvents(openedWith('s1', anArticle()), context);
    expect(events.map((e) => [e.sequence, e.eventId])).toEqual([
      [5, 'story-7:5'],
      [6, 'story-7:6'],
      [7, 'story-7:7'],
      [8, 'story-7:8'],
    ]);
    expect(events[0]).toMatchObject({ storyId: 'story-7', occurredAt: NOW, recordedAt: NOW + 5, causationId: 's1', correlationId: 'sub-1', producer: 'story-workflow', type: 'ArticleReceived' });
  });

  it('parses its event ids back, story ids with colons included', () => {
    expect(parseStoryEventId(storyEventId('ap:item:1', 12))).toEqual({ storyId: 'ap:item:1', sequence: 12 });
    expect(parseStoryEventId('no-sequence')).toBeNull();
    expect(parseStoryEventId('story:0')).toBeNull();
  });

  it('wraps the payload in its union branch for avro and unwraps it back', () => {
    const [event] = recordStoryEvents(openedWith('s1', anArticle()).slice(1, 2), context);
    const wire = toAvroStoryEvent(event!);
    expect(Object.keys(wire.payload)).toEqual(['storyline.v1.StoryOpened']);
    expect(fromAvroStoryEvent(wire)).toEqual(event);
    expect(() => fromAvroStoryEvent({ ...wire, type: 'VersionAccepted' })).toThrow(/does not match/);
  });
});
