import { describe, expect, it } from 'vitest';
import type { OpenStory, RelatedItem, StoryCommand } from '../../../services/domain/story/index.ts';
import { MAX_CARRIED_RELATED, carriedState, pendingFits } from '../../../workflows/story/carried-state.ts';

const TWO_MB = 2 * 1024 * 1024;

function related(i: number, withdrawn = false): RelatedItem {
  return {
    item: { uri: `storyline:item:wire-${i % 7}:item-${i}`, providerId: `wire-${i % 7}`, providerItemId: `item-${i}`, providerVersion: 1, contentHash: 'f'.repeat(64) },
    relation: 'SAME_EVENT',
    evidence: { signals: [{ name: 'minhash-jaccard', score: 0.7 }, { name: 'entities', score: 0.6 }, { name: 'time', score: 0.9 }], total: 0.72, matchedItem: null },
    withdrawn,
  };
}

function storyWith(items: readonly RelatedItem[]): OpenStory {
  return { status: 'open', lastSequence: 1, processedSignalIds: [], storyId: 'st', owner: { providerId: 'wire-a', providerItemId: 'a' }, openedAt: 0, versions: [], related: items, current: null };
}

describe('the state carried across continue-as-new', () => {
  it('is unbounded today past the payload limit, and bounded once carried', () => {
    const items = Array.from({ length: 12_000 }, (_, i) => related(i, i % 100 === 0));
    const state = storyWith(items);
    expect(JSON.stringify(state).length).toBeGreaterThan(TWO_MB);
    const carried = carriedState(state) as OpenStory;
    expect(carried.related).toHaveLength(MAX_CARRIED_RELATED);
    expect(JSON.stringify(carried).length).toBeLessThan(TWO_MB / 2);
  });

  it('drops the oldest live coverage first and keeps what providers withdrew, newest kept', () => {
    const items = Array.from({ length: MAX_CARRIED_RELATED + 10 }, (_, i) => related(i, i < 5));
    const carried = (carriedState(storyWith(items)) as OpenStory).related;
    expect(carried.filter((r) => r.withdrawn)).toHaveLength(5);
    expect(carried.map((r) => r.item.providerItemId)).not.toContain('item-5');
    expect(carried.at(-1)!.item.providerItemId).toBe(`item-${MAX_CARRIED_RELATED + 9}`);
  });

  it('leaves a story within the bound untouched', () => {
    const state = storyWith([related(1), related(2, true)]);
    expect(carriedState(state)).toEqual(state);
  });

  it('carries pending commands only while they fit well below the limit', () => {
    const command = (i: number): StoryCommand => ({ type: 'WithdrawRelatedItem', signalId: `w-${i}`, item: { providerId: 'p', providerItemId: `i-${i}` }, movedTo: 'elsewhere' });
    expect(pendingFits(Array.from({ length: 100 }, (_, i) => command(i)))).toBe(true);
    expect(pendingFits(Array.from({ length: 20_000 }, (_, i) => command(i)))).toBe(false);
  });
});
