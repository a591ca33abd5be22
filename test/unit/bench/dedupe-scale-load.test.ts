import { describe, expect, it } from 'vitest';
import { BulkLoadStorage } from '../../../services/bench/bulk-load-storage.ts';
import { loadedItem, poolArticles } from '../../../services/bench/dedupe-scale-bench.ts';
import { FingerprintVariants, fingerprintPool } from '../../../services/bench/derived-fingerprints.ts';
import { InMemoryIndexStorage } from '../../../services/dedupe/in-memory-index-storage.ts';
import type { IndexStorage, StorageWrite } from '../../../services/dedupe/index-storage.ts';
import { lshBandKeys } from '../../../services/dedupe/minhash.ts';
import { StoredCandidateIndex } from '../../../services/dedupe/stored-candidate-index.ts';
import { DEFAULT_DEDUPE_INDEX_OPTIONS } from '../../../services/dedupe/stored-index-layout.ts';

const timing = { start: Date.UTC(2026, 10, 1), spacing: 60_000 };
const pool = fingerprintPool(poolArticles(60));

describe('items derived from a pool of fingerprinted articles', () => {
  it('are the same items for the same pool, variant and index', () => {
    const [a, b] = [new FingerprintVariants(), new FingerprintVariants()];
    const first = Array.from({ length: 200 }, (_, i) => loadedItem(pool, a, i, timing));
    const again = Array.from({ length: 200 }, (_, i) => loadedItem(pool, b, 199 - i, timing)).reverse();
    expect(again).toEqual(first);
  });

  it('keeps variant 0 as fingerprinted, under its own id and time', () => {
    const item = loadedItem(pool, new FingerprintVariants(), 7, timing);
    const { item: ref, versionCreated, ...rest } = item.fingerprint;
    const { item: poolRef, versionCreated: _, ...poolRest } = pool[7]!.fingerprint;
    expect(rest).toEqual(poolRest);
    expect(ref).toEqual({ ...poolRef, providerItemId: `v0-${poolRef.providerItemId}` });
    expect(versionCreated).toBe(timing.start + 7 * timing.spacing);
  });

  it('renames an event’s names alike in all its reports, and differently in another variant', () => {
    const variants = new FingerprintVariants();
    const [x, y] = pool.flatMap((item, i) => (item.storyId === pool[0]!.storyId ? [i] : [])).slice(0, 2) as [number, number];
    const names = (i: number) => Object.keys(loadedItem(pool, variants, i, timing).fingerprint.entities);
    const shared = (a: readonly string[], b: readonly string[]) => a.filter((name) => b.includes(name));
    const v1 = [names(pool.length + x), names(pool.length + y)] as const;
    const v2 = [names(2 * pool.length + x), names(2 * pool.length + y)] as const;
    expect(shared(...v1).length).toBe(shared(names(x), names(y)).length);
    expect(shared(v1[0], v2[0]).length).toBeLessThan(v1[0].length);
  });

  it('recomputes what depends on the words: bands from the signature, salient terms among the terms, a new exact hash', () => {
    const variants = new FingerprintVariants();
    for (let i = pool.length; i < 2 * pool.length; i++) {
      const { fingerprint } = loadedItem(pool, variants, i, timing);
      const source = pool[i % pool.length]!.fingerprint;
      expect(fingerprint.lshBands).toEqual(lshBandKeys(fingerprint.minhash));
      expect(fingerprint.salientTerms.every((term) => term in fingerprint.terms)).toBe(true);
      expect(fingerprint.exactHash).not.toBe(source.exactHash);
      expect(Object.values(fingerprint.terms).reduce((a, b) => a + b, 0)).toBe(Object.values(source.terms).reduce((a, b) => a + b, 0));
    }
  });
});

describe('the bulk load', () => {
  // What `add` reads is answered by the loader from what it wrote: the commits must be those of the same
  // adds over a store that answers from its contents (write-thrus and stories of many items included).
  it('commits what the index’s own add commits over a real store, item by item', async () => {
    const sent: StorageWrite[][] = [];
    const bulk = new BulkLoadStorage({ commit: (writes) => (sent.push([...writes]), Promise.resolve(sent.length)) });
    const reference = new InMemoryIndexStorage();
    const expected: StorageWrite[][] = [];
    const recorded: IndexStorage = {
      getValues: (keys) => reference.getValues(keys),
      range: (key, below) => reference.range(key, below),
      newest: (key, count) => reference.newest(key, count),
      getCounts: (key, fields) => reference.getCounts(key, fields),
      commit: (writes) => (expected.push([...writes]), reference.commit(writes)),
    };
    const loader = new StoredCandidateIndex(bulk, DEFAULT_DEDUPE_INDEX_OPTIONS);
    const direct = new StoredCandidateIndex(recorded, DEFAULT_DEDUPE_INDEX_OPTIONS);
    const variants = new FingerprintVariants();
    for (let i = 0; i < 2 * pool.length; i++) {
      const { article, storyId, fingerprint } = loadedItem(pool, variants, i, timing);
      await loader.add(storyId, fingerprint, { article });
      await direct.add(storyId, fingerprint, { article });
      if (i % pool.length === pool.length - 1) await bulk.flush(true);
    }
    expect(sent).toEqual(expected);
    expect(expected.some((writes) => writes.some((w) => w.op === 'sorted-remove'))).toBe(true);
  });
});
