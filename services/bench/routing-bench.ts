import type { DedupeArticle } from '../dedupe/fingerprint.ts';
import { PairScoreCache } from '../dedupe/event-clustering.ts';
import type { RoutingOptions } from '../dedupe/routing-pipeline.ts';
import { routeArticle } from '../dedupe/routing-pipeline.ts';
import { inMemoryDedupeIndex } from '../dedupe/dedupe-index.ts';
import { median, type BenchRow } from './measure.ts';

/** What one run's regroupings did: moves are those the router carries out besides the routed item's own. */
export interface RegroupingCounts {
  regroupings: number;
  moves: number;
  merges: number;
}

interface RoutingRun {
  itemsPerSecond: number;
  counts: RegroupingCounts;
}

/** Routes the stream through a fresh in-memory index and pair-score cache, acknowledging each regrouping as the router does once it carried it out. */
export async function routeStream(articles: readonly DedupeArticle[], regroup: boolean, options: Pick<RoutingOptions, 'tuning'> = {}): Promise<RoutingRun> {
  const index = inMemoryDedupeIndex();
  const pairScores = new PairScoreCache();
  const counts: RegroupingCounts = { regroupings: 0, moves: 0, merges: 0 };
  const start = process.hrtime.bigint();
  for (const article of articles) {
    const { regrouping } = await routeArticle(article, index, { pairScores, regroup, ...options });
    if (!regrouping) continue;
    counts.regroupings++;
    counts.moves += regrouping.moves.length;
    counts.merges += regrouping.merges.length;
    await index.regroupings.acknowledgeRegrouping(regrouping.id);
  }
  return { itemsPerSecond: articles.length / (Number(process.hrtime.bigint() - start) / 1e9), counts };
}

/**
 * The router's per-item cost with story regrouping (the production setting) against routing alone,
 * in process, over the same stream in the same run. The two modes alternate, each going first in every
 * other run, so that drift on a shared machine and the garbage one run leaves weigh on both; both are
 * warmed once first on the head of the stream.
 */
export async function routingBench(stream: { articles: readonly DedupeArticle[]; events: number }, runs: number): Promise<BenchRow> {
  const { articles } = stream;
  if (articles.length === 0) throw new Error('routingBench needs at least one article');
  const head = articles.slice(0, 300);
  await routeStream(head, false);
  await routeStream(head, true);
  const regrouped: RoutingRun[] = [];
  const routedOnly: RoutingRun[] = [];
  for (let r = 0; r < runs; r++) {
    if (r % 2 === 0) routedOnly.push(await routeStream(articles, false));
    regrouped.push(await routeStream(articles, true));
    if (r % 2 === 1) routedOnly.push(await routeStream(articles, false));
  }
  const ours = median(regrouped.map((run) => run.itemsPerSecond));
  const baseline = median(routedOnly.map((run) => run.itemsPerSecond));
  // Same stream, fresh index and cache: every run regroups alike.
  const { regroupings, moves, merges } = regrouped[0]!.counts;
  return {
    name: `route ${articles.length} generated items`,
    ours: { label: 'route + regroup', value: ours },
    baseline: { label: 'route only (regroup off)', value: baseline },
    unit: 'items/s',
    note: `${articles.length.toLocaleString('en-US')} items of ${stream.events} events, ${runs} runs; ${(1000 / ours).toFixed(2)} vs ${(1000 / baseline).toFixed(2)} ms/item; each run with regrouping: ${regroupings} regroupings, ${moves} items moved, ${merges} stories merged`,
  };
}
