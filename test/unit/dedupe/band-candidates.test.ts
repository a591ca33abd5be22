import { describe, expect, it } from 'vitest';
import { generateWireStream } from '../../../services/bench/wire-stream.ts';
import { fingerprintArticle, type Fingerprint } from '../../../services/dedupe/fingerprint.ts';
import { InMemoryIndexStorage } from '../../../services/dedupe/in-memory-index-storage.ts';
import { StoredCandidateIndex } from '../../../services/dedupe/stored-candidate-index.ts';
import { DEFAULT_DEDUPE_INDEX_OPTIONS } from '../../../services/dedupe/stored-index-layout.ts';

const [probeArticle, ...others] = generateWireStream(200).articles.filter((article, i, all) => all.findIndex((a) => a.providerItemId.split('-')[2] === article.providerItemId.split('-')[2]) === i);
const probe = fingerprintArticle(probeArticle!);

/** An item of another event (no salient term in common with the probe) sharing `shared` of the probe's LSH bands. */
function sharingBands(i: number, shared: number): Fingerprint {
  const fp = fingerprintArticle(others[i]!);
  const own = new Set(probe.salientTerms);
  return { ...fp, salientTerms: fp.salientTerms.filter((term) => !own.has(term)), lshBands: fp.lshBands.map((band, b) => (b < shared ? probe.lshBands[b]! : band)), versionCreated: probe.versionCreated - 1000 + i };
}

describe('candidates found through LSH buckets', () => {
  it('are all taken while there are no more than the cap', async () => {
    const index = new StoredCandidateIndex(new InMemoryIndexStorage(), { ...DEFAULT_DEDUPE_INDEX_OPTIONS, maxBandCandidates: 4 });
    const items = [1, 3, 1, 2].map((shared, i) => sharingBands(i, shared));
    for (const fp of items) await index.add(`story-${fp.item.providerItemId}`, fp);
    const lookup = await index.lookup(probe);
    expect(lookup.candidates.map((c) => c.fingerprint.item.providerItemId).sort()).toEqual(items.map((fp) => fp.item.providerItemId).sort());
  });

  it('beyond the cap, are those in the most buckets, then the newest', async () => {
    const index = new StoredCandidateIndex(new InMemoryIndexStorage(), { ...DEFAULT_DEDUPE_INDEX_OPTIONS, maxBandCandidates: 3 });
    const items = [1, 5, 1, 1, 2, 1].map((shared, i) => sharingBands(i, shared));
    for (const fp of items) await index.add(`story-${fp.item.providerItemId}`, fp);
    const lookup = await index.lookup(probe);
    // 5 and 2 buckets, then the newest of those in one.
    expect(lookup.candidates.map((c) => c.fingerprint.item.providerItemId)).toEqual([items[1]!, items[4]!, items[5]!].map((fp) => fp.item.providerItemId));
  });
});
