import type { EmptyStory } from './story-state.ts';

export function initialState(): EmptyStory {
  return { status: 'empty', lastSequence: 0, processedSignalIds: [] };
}
