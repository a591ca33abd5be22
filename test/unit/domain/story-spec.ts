import { expect } from 'vitest';
import { decide } from '../../../services/domain/story/decide.ts';
import { evolve } from '../../../services/domain/story/evolve.ts';
import { foldEvents } from '../../../services/domain/story/fold-events.ts';
import type { StoryCommand } from '../../../services/domain/story/story-commands.ts';
import { recordStoryEvents } from '../../../services/domain/story/story-event-envelope.ts';
import type { NewStoryEvent, RecordedStoryEvent } from '../../../services/domain/story/story-events.ts';
import type { StoryState } from '../../../services/domain/story/story-state.ts';
import { NOW } from './story-fixtures.ts';

export const STORY_ID = 'story-1';

/** Places events in the log the way the workflow does, one event per second before `now`. */
export function recorded(events: readonly NewStoryEvent[], afterSequence = 0, at = NOW - 60_000): RecordedStoryEvent[] {
  return events.flatMap((event, index) =>
    recordStoryEvents([event], {
      storyId: STORY_ID,
      afterSequence: afterSequence + index,
      occurredAt: at + index * 1000,
      recordedAt: at + index * 1000,
      causationId: event.payload.signalId,
      correlationId: null,
      producer: 'spec',
    }),
  );
}

/** given(past events).when(command, now).then(expected new events) */
export function given(events: readonly NewStoryEvent[]) {
  const history = recorded(events);
  const state = foldEvents(history);
  return {
    state,
    when(command: StoryCommand, now = NOW) {
      const actual = decide(command, state, now);
      const after = recorded(actual, state.lastSequence, now).reduce<StoryState>(evolve, state);
      return {
        actual,
        then(expected: readonly NewStoryEvent[]) {
          expect(actual).toEqual(expected);
          return { state: after };
        },
        thenNothing() {
          expect(actual).toEqual([]);
          return { state: after };
        },
      };
    },
  };
}
