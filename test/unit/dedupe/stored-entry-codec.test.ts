import { describe, expect, it } from 'vitest';
import { generateWireStream } from '../../../services/bench/wire-stream.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { itemVectors } from '../../../services/dedupe/item-vectors.ts';
import { storedDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { InMemoryIndexStorage } from '../../../services/dedupe/in-memory-index-storage.ts';
import { itemKeyOf } from '../../../services/dedupe/item-key.ts';
import { dedupeIndexKeys } from '../../../services/dedupe/stored-index-layout.ts';
import { decodeEntry, encodeEntry, type Entry } from '../../../services/dedupe/stored-entry-codec.ts';
import { quakeChile } from './articles.ts';

const stats = { documentCount: 1_000, documentFrequency: { quake: 40, chile: 7 } };

describe('the stored entry encoding', () => {
  it('decodes to the very entry encoded, every number equal, through JSON as Redis stores it', () => {
    const articles = [quakeChile, ...generateWireStream(200, 5).articles];
    for (const article of articles) {
      const fingerprint = fingerprintArticle(article);
      const entry: Entry = { storyId: 'st-1', fingerprint, vectors: itemVectors(fingerprint, stats), duplicateOf: { key: 'k1', kind: 'near-duplicate' }, moved: true };
      const stored = JSON.parse(JSON.stringify(encodeEntry(entry))) as ReturnType<typeof encodeEntry>;
      expect(stored.w).toBeDefined();
      expect(decodeEntry(stored)).toStrictEqual(entry);
    }
  });

  it('is smaller than the plain JSON entry', () => {
    const fingerprint = fingerprintArticle(quakeChile);
    const entry: Entry = { storyId: 'st-1', fingerprint, vectors: itemVectors(fingerprint, stats) };
    expect(JSON.stringify(encodeEntry(entry)).length).toBeLessThan(0.8 * JSON.stringify(entry).length);
  });

  it('keeps vectors whose keys are not the fingerprint’s as they are', () => {
    const fingerprint = fingerprintArticle(quakeChile);
    const entry: Entry = { storyId: 'st-1', fingerprint, vectors: { terms: { other: 1 }, entities: {} } };
    const stored = encodeEntry(entry);
    expect(stored.w).toBeUndefined();
    expect(decodeEntry(stored)).toStrictEqual(entry);
  });

  it('reads entries written before the encoding as they are', () => {
    const fingerprint = fingerprintArticle(quakeChile);
    const plain: Entry = { storyId: 'st-old', fingerprint, vectors: itemVectors(fingerprint) };
    expect(decodeEntry(JSON.parse(JSON.stringify(plain)) as Entry)).toStrictEqual(plain);
    expect(decodeEntry(null)).toBeNull();
  });

  it('lets an index written before the encoding (plain JSON entries) find its items after the upgrade', async () => {
    const storage = new InMemoryIndexStorage();
    const k = dedupeIndexKeys('idx');
    const fingerprint = fingerprintArticle(quakeChile);
    const key = itemKeyOf(fingerprint.item.providerId, fingerprint.item.providerItemId);
    const plain: Entry = { storyId: 'st-old', fingerprint, vectors: itemVectors(fingerprint) };
    await storage.commit([
      { op: 'set', key: k.fp(key), value: JSON.parse(JSON.stringify(plain)) as unknown, ttlMs: 86_400_000 },
      { op: 'sorted-add', key: k.window, member: key, score: fingerprint.versionCreated },
      ...fingerprint.lshBands.map((band) => ({ op: 'sorted-add' as const, key: k.lsh(band), member: key, score: fingerprint.versionCreated })),
    ]);
    const copy = { ...fingerprint, item: { ...fingerprint.item, providerItemId: 'copy-1' } };
    const lookup = await storedDedupeIndex(storage).candidates.lookup(copy);
    expect(lookup.candidates).toStrictEqual([{ storyId: 'st-old', fingerprint, vectors: plain.vectors }]);
  });
});
