import { evolve } from './evolve.ts';
import { initialState } from './initial-state.ts';
import type { RecordedStoryEvent } from './story-events.ts';
import type { StoryState } from './story-state.ts';

/** Story state = fold of its events; replays and the projection use this, never decide. */
export function foldEvents(events: Iterable<RecordedStoryEvent>, from: StoryState = initialState()): StoryState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}
