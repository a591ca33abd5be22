import { describe, expect, it } from 'vitest';
import { generateWireStream } from '../../../services/bench/wire-stream.ts';
import { storedDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { InMemoryIndexStorage } from '../../../services/dedupe/in-memory-index-storage.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { DEFAULT_DEDUPE_INDEX_OPTIONS, dedupeIndexKeys } from '../../../services/dedupe/stored-index-layout.ts';

/** An in-process store that keeps what the lookups said about their salient terms' postings. */
class GroupRecordingStorage extends InMemoryIndexStorage {
  groups: Array<{ keys: readonly string[]; quorum: number }> = [];
  readAsGroup(keys: readonly string[], quorum: number): void {
    this.groups.push({ keys, quorum });
  }
}

describe('a lookup reading salient terms’ postings', () => {
  it('tells its storage they matter only together: as many as make a candidate, more once the candidates taken are full', async () => {
    const options = { ...DEFAULT_DEDUPE_INDEX_OPTIONS, maxTermCandidates: 3 };
    const storage = new GroupRecordingStorage();
    const index = storedDedupeIndex(storage, options);
    const { articles } = generateWireStream(60);
    for (const article of articles) await routeArticle(article, index, { regroup: false });

    const keys = dedupeIndexKeys(options.namespace);
    const last = articles[articles.length - 1]!;
    const group = storage.groups[storage.groups.length - 1]!;
    expect(storage.groups).toHaveLength(articles.length);
    expect(group.keys).toEqual(fingerprintArticle(last).salientTerms.map((term) => keys.term(term)));
    expect(storage.groups[0]!.quorum).toBe(options.minSharedSalientTerms);
    // With three candidates taken at most, a busy stream soon asks newer items to share more terms than two.
    expect(Math.max(...storage.groups.map((g) => g.quorum))).toBeGreaterThan(options.minSharedSalientTerms);
  });
});
