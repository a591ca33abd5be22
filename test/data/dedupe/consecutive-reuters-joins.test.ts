import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBackgroundStatistics } from '../../../services/dedupe/background-statistics.ts';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { readReuters } from '../../../services/eval/dedupe/reuters-reader.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repo, '../shared/data');
const reutersDir = join(dataDir, 'reuters21578', 'sgm-data');
/** NEWID 1–100: the first hundred items of the collection, 26 February 1987, one wire, different events. */
const FIRST = 1;
const LAST = 100;

describe('100 consecutive Reuters-21578 items through the router', () => {
  it('joins no item to a story it has nothing in common with (headline words or names)', async () => {
    if (!existsSync(reutersDir)) throw new Error(`data set missing: ${reutersDir} (set STORYLINE_DATA_DIR to the shared data folder)`);
    const documents = (await readReuters(reutersDir)).filter((d) => d.newId >= FIRST && d.newId <= LAST);
    expect(documents).toHaveLength(LAST - FIRST + 1);
    documents.sort((a, b) => a.article.versioncreated - b.article.versioncreated || a.newId - b.newId);
    const index = inMemoryDedupeIndex({ backgroundStatistics: loadBackgroundStatistics() });
    const storyOf = new Map<number, string>();
    for (const d of documents) {
      const routed = await routeArticle(d.article, index);
      storyOf.set(d.newId, routed.storyId);
      for (const move of routed.regrouping?.moves ?? []) storyOf.set(Number(move.item.providerItemId), move.to);
      if (routed.regrouping) await index.regroupings.acknowledgeRegrouping(routed.regrouping.id);
    }
    const stories = new Map<string, typeof documents>();
    for (const d of documents) stories.set(storyOf.get(d.newId)!, [...(stories.get(storyOf.get(d.newId)!) ?? []), d]);
    const joined = [...stories.values()].filter((items) => items.length > 1);
    console.log(`NEWID ${FIRST}–${LAST}: ${stories.size} stories, ${joined.length} with more than one item`);
    for (const items of joined) console.log(items.map((d) => `  ${d.newId}  ${d.title || '(no headline)'}`).join('\n') + '\n');

    // Plainly unrelated: an item that shares no headline word or name with any other item of its story,
    // leaving out the words of templated copy (those in more than 3 of the hundred: NET, QTR, RISES...).
    const wordsOf = new Map(documents.map((d) => {
      const fp = fingerprintArticle(d.article);
      return [d.newId, new Set([...fp.titleTokens, ...Object.keys(fp.entities)])] as const;
    }));
    const spread = new Map<string, number>();
    for (const words of wordsOf.values()) for (const w of words) spread.set(w, (spread.get(w) ?? 0) + 1);
    const telling = (w: string): boolean => (spread.get(w) ?? 0) <= 3;
    const unrelated: string[] = [];
    for (const items of joined) {
      for (const a of items) {
        const shared = items.some((b) => b !== a && [...wordsOf.get(a.newId)!].some((w) => telling(w) && wordsOf.get(b.newId)!.has(w)));
        if (!shared) unrelated.push(`${a.newId} ${a.title}`);
      }
    }
    console.log(`plainly unrelated: ${unrelated.length ? unrelated.join('; ') : 'none'}`);
    // Measured: none. Seven stories hold more than one item (15 items), among them NEWID 48 (N.Z. foreign
    // reserves) with 100 (N.Z. deposit growth): two releases of one central bank, sharing its names and
    // the words of monetary statistics, which this check cannot tell from one event.
    expect(unrelated).toEqual([]);
    // Of one wire's hundred items, few report an event another one does.
    const joinedItems = joined.reduce((n, items) => n + items.length, 0);
    expect(joinedItems).toBeLessThanOrEqual(20);
  });
});
