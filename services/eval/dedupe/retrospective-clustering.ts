import type { ClusterItem } from '../../dedupe/event-clustering.ts';
import { clusterEvents, pairScores } from '../../dedupe/event-clustering.ts';
import type { TermStatistics } from '../../dedupe/term-statistics.ts';

/**
 * A reference, not the router: every item clustered at once with the router's own pair scores and
 * clustering step, after the fact. The router decides as copy arrives and regroups neighbourhoods
 * as more arrives; this is where that converges when every item is in one neighbourhood.
 */
export function clusterRetrospectively(items: readonly ClusterItem[], stats: TermStatistics, threshold: number): number[] {
  return clusterLabels(pairScores(items, stats), threshold);
}

/** Each item's cluster, average linkage over a matrix of pair scores at `threshold` (`clusterEvents`). */
export function clusterLabels(scores: readonly Float64Array[], threshold: number): number[] {
  const cluster = new Array<number>(scores.length);
  clusterEvents(scores, threshold).forEach((members, c) => members.forEach((i) => (cluster[i] = c)));
  return cluster;
}
