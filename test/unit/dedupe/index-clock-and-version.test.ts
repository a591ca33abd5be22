import { describe, expect, it } from 'vitest';
import { storedDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { FINGERPRINT_VERSION, fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { InMemoryIndexStorage } from '../../../services/dedupe/in-memory-index-storage.ts';
import { itemKeyOf } from '../../../services/dedupe/item-key.ts';
import { clampToReception, FUTURE_ALLOWANCE_MS, routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { dedupeIndexKeys } from '../../../services/dedupe/stored-index-layout.ts';
import { quakeChile, quakeJapan } from './articles.ts';

const at = (iso: string): number => Date.parse(iso);

describe('the index clock', () => {
  it('never runs ahead of reception by more than the allowance, so one item dated 2100 evicts nothing', async () => {
    const index = storedDedupeIndex(new InMemoryIndexStorage(), { windowMs: 86_400_000 });
    const receivedAt = at('2024-03-04T10:00:00Z');
    const first = await routeArticle(quakeChile, index, { receivedAt });
    const future = await routeArticle({ ...quakeJapan, versioncreated: at('2100-01-01T00:00:00Z') }, index, { receivedAt: receivedAt + 60_000 });
    expect(future.fingerprint.versionCreated).toBe(receivedAt + 60_000 + FUTURE_ALLOWANCE_MS);
    const copy = await routeArticle({ ...quakeChile, providerItemId: 'a-77' }, index, { receivedAt: receivedAt + 120_000 });
    expect(copy).toMatchObject({ storyId: first.storyId, decision: { kind: 'exact-duplicate' } });
    const kill = await routeArticle({ ...quakeChile, providerVersion: 2 }, index, { receivedAt: receivedAt + 180_000 });
    expect(kill).toMatchObject({ storyId: first.storyId, decision: { kind: 'same-item' } });
  });

  it('takes dates up to the allowance at their word, and dated copy as it is when no reception time is given', () => {
    const fp = fingerprintArticle(quakeChile);
    expect(clampToReception(fp, fp.versionCreated - FUTURE_ALLOWANCE_MS)).toBe(fp);
    expect(clampToReception(fp, undefined)).toBe(fp);
    expect(clampToReception(fp, fp.versionCreated - FUTURE_ALLOWANCE_MS - 1).versionCreated).toBe(fp.versionCreated - 1);
  });
});

describe('the index version', () => {
  it('never compares a fingerprint with an entry of another fingerprint version, but keeps which story an item is in', async () => {
    const storage = new InMemoryIndexStorage();
    const fp = fingerprintArticle(quakeChile);
    const old = dedupeIndexKeys('idx', FINGERPRINT_VERSION - 1);
    const key = itemKeyOf('wire-old', 'o-1');
    // An item indexed by the previous version whose exact hash happens to equal today's copy's.
    await storage.commit([
      { op: 'set', key: old.item(key), value: { storyId: 'st-old', item: { providerId: 'wire-old', providerItemId: 'o-1', providerVersion: 1 }, versionCreated: fp.versionCreated, exactHash: fp.exactHash }, ttlMs: 86_400_000 },
      { op: 'sorted-add', key: old.exact(fp.exactHash), member: key, score: fp.versionCreated },
    ]);
    expect(old.exact('h')).not.toBe(dedupeIndexKeys('idx').exact('h'));
    expect(old.item(key)).toBe(dedupeIndexKeys('idx').item(key));
    const index = storedDedupeIndex(storage);
    expect((await routeArticle(quakeChile, index)).decision.kind).toBe('new-story');
    const update = await routeArticle({ ...quakeJapan, provider: { id: 'wire-old', name: null, credit: null }, providerItemId: 'o-1', providerVersion: 2 }, index);
    expect(update).toMatchObject({ storyId: 'st-old', decision: { kind: 'same-item' } });
  });
});
