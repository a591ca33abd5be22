import { describe, expect, it } from 'vitest';
import { generateWireStream } from '../../../services/bench/wire-stream.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { itemVectors } from '../../../services/dedupe/item-vectors.ts';
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
});
