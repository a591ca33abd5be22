import { clusterEvents, pairScores } from '../../dedupe/event-clustering.ts';
import type { Fingerprint } from '../../dedupe/fingerprint.ts';
import type { TermStatistics } from '../../dedupe/term-statistics.ts';

/**
 * A reference, not the router: every item clustered at once with the router's own pair scores and
 * clustering step, after the fact. The router decides as copy arrives and regroups neighbourhoods
 * as more arrives; this is where that converges when every item is in one neighbourhood.
 */
export function clusterRetrospectively(fingerprints: readonly Fingerprint[], stats: TermStatistics, threshold: number): number[] {
  const clusters = clusterEvents(pairScores(fingerprints.map((fingerprint) => ({ fingerprint })), stats), threshold);
  const cluster = new Array<number>(fingerprints.length);
  clusters.forEach((members, c) => members.forEach((i) => (cluster[i] = c)));
  return cluster;
}
