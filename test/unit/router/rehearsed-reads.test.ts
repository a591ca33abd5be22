import { describe, expect, it } from 'vitest';
import { generateWireStream } from '../../../services/bench/wire-stream.ts';
import { storedDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { PairScoreCache } from '../../../services/dedupe/event-clustering.ts';
import type { DedupeArticle } from '../../../services/dedupe/fingerprint.ts';
import { InMemoryIndexStorage } from '../../../services/dedupe/in-memory-index-storage.ts';
import type { IndexStorage, StorageWrite } from '../../../services/dedupe/index-storage.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { RehearsedReads } from '../../../services/router/rehearsed-reads.ts';
import { quakeChile, quakeChileRewrite } from '../dedupe/articles.ts';

/** An in-process store that keeps the keys its commits wrote, as the commit log does in Redis. */
class LoggedStorage extends InMemoryIndexStorage {
  written = new Set<string>();
  override async commit(writes: readonly StorageWrite[]): Promise<void> {
    await super.commit(writes);
    for (const write of writes) this.written.add(write.key);
  }
}

const route = (article: DedupeArticle, storage: IndexStorage, n: number, pairScores?: PairScoreCache) =>
  routeArticle(article, storedDedupeIndex(storage), { submissionId: `sub-${n}`, receivedAt: article.versioncreated, ...(pairScores ? { pairScores } : {}) });

describe('a routing rehearsed outside the lock', () => {
  it('decides under the lock with what another routing committed after the rehearsal read', async () => {
    const store = new LoggedStorage();
    const reads = new RehearsedReads(store);
    const rehearsed = await route(quakeChileRewrite, reads.rehearsal(), 2);
    store.written.clear();
    const first = await route(quakeChile, store, 1);
    await reads.refresh({ kind: 'keys', keys: store.written });
    const locked = await route(quakeChileRewrite, reads.locked(), 2);

    expect(rehearsed.decision.kind).toBe('new-story');
    expect(['near-duplicate', 'same-event']).toContain(locked.decision.kind);
    expect(locked.storyId).toBe(first.storyId);
    expect(reads.counts.reused).toBeGreaterThan(0);
    expect(reads.counts.refreshed).toBeGreaterThan(0);
  });

  it('writes nothing while rehearsing', async () => {
    const store = new LoggedStorage();
    await route(quakeChile, new RehearsedReads(store).rehearsal(), 1);
    expect(store.written.size).toBe(0);
    expect(await storedDedupeIndex(store).candidates.routedBefore('sub-1')).toBeNull();
  });

  it('reads everything again when the log no longer tells what was written', async () => {
    const store = new LoggedStorage();
    await route(quakeChile, store, 1);
    const reads = new RehearsedReads(store);
    await route(quakeChileRewrite, reads.rehearsal(), 2);
    await reads.refresh({ kind: 'unknown' });
    const locked = await route(quakeChileRewrite, reads.locked(), 2);
    expect(reads.counts.refreshed).toBeGreaterThan(0);
    expect(['near-duplicate', 'same-event']).toContain(locked.decision.kind);
  });

  it('makes every decision of a stream the routing without rehearsals makes, each rehearsal read before the previous item was indexed', async () => {
    const { articles } = generateWireStream(160);
    const plain = new InMemoryIndexStorage();
    const plainScores = new PairScoreCache();
    const expected = [];
    for (const [n, article] of articles.entries()) expected.push(await route(article, plain, n, plainScores));

    const store = new LoggedStorage();
    const scores = new PairScoreCache();
    const decided = [];
    let rehearsal = new RehearsedReads(store);
    await route(articles[0]!, rehearsal.rehearsal(), 0, scores);
    for (const [n, article] of articles.entries()) {
      // The next item rehearses before this one is indexed, as a router waiting for the lock would.
      const next = new RehearsedReads(store);
      const following = articles[n + 1];
      if (following) await route(following, next.rehearsal(), n + 1, scores);
      await rehearsal.refresh({ kind: 'keys', keys: store.written });
      store.written.clear();
      decided.push(await route(article, rehearsal.locked(), n, scores));
      rehearsal = next;
    }

    expect(decided.map((r) => [r.storyId, r.decision])).toEqual(expected.map((r) => [r.storyId, r.decision]));
    expect(new Set(expected.map((r) => r.decision.kind)).size).toBeGreaterThan(2);
  });
});
