import { describe, expect, it } from 'vitest';
import { normalizeFacet } from '../../../services/publish/facets.ts';
import { facetIndexKey, feedKeys, indexKeysOf, storyKeys } from '../../../services/publish/index-keys.ts';

/** Redis Cluster hashes only the first {...} section of a key when there is one. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('the Redis key layout', () => {
  it('keeps every key of one story in one hash slot, apart from other stories', () => {
    const keys = Object.values(storyKeys('story-42'));
    expect(new Set(keys.map(hashTag))).toEqual(new Set(['s:story-42']));
    expect(hashTag(storyKeys('story-43').story)).not.toBe(hashTag(storyKeys('story-42').story));
  });

  it('keeps the feed stream of every partition, the partition set and the trim marks in one slot (one script appends, one XREAD spans them)', () => {
    const keys = feedKeys();
    expect(new Set([keys.stream(0), keys.stream(11), keys.partitions, keys.trimmed].map(hashTag))).toEqual(new Set(['feed']));
    expect(keys.stream(2)).toBe('sl:feed:{feed}:p2');
  });

  it('gives each index value its own slot, and normalized values cannot break the hash tag', () => {
    expect(facetIndexKey('place', normalizeFacet(' Geneva {x}, CH '))).toBe('sl:idx:{place:geneva x ch}');
    const keys = indexKeysOf({ provider: 'ap', subjects: ['medtop:1'], places: ['geneva'], people: [], organisations: ['un'] });
    expect(keys).toEqual(['sl:idx:{time}', 'sl:idx:{subject:medtop:1}', 'sl:idx:{place:geneva}', 'sl:idx:{organisation:un}', 'sl:idx:{provider:ap}']);
  });
});
