import type { Fingerprint } from '../../dedupe/fingerprint.ts';
import { sameEventTotal } from '../../dedupe/match-policy.ts';
import type { TermStatistics } from '../../dedupe/similarity.ts';
import { scoreCandidate, scoreFigures } from '../../dedupe/similarity.ts';
import { itemVectors } from '../../dedupe/story-profile.ts';

/**
 * A reference, not the router: the router's own item-to-item signals and weights, clustered after
 * the fact by average linkage (the closest pair of clusters merges first, until none is at the
 * threshold). It sees every item before deciding anything, which a router publishing as copy arrives
 * cannot; the gap between the two is what revising stories after the fact could win.
 */
export function clusterRetrospectively(fingerprints: readonly Fingerprint[], stats: TermStatistics, threshold: number): number[] {
  const n = fingerprints.length;
  const vectors = fingerprints.map((fp) => itemVectors(fp, stats));
  const similarity = Array.from({ length: n }, () => new Float64Array(n).fill(Number.NEGATIVE_INFINITY));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = fingerprints[i]!;
      const b = fingerprints[j]!;
      const pair = scoreCandidate(a, b, stats, vectors[i], vectors[j]).signals.filter((s) => s.name !== 'numbers');
      const total = sameEventTotal({ exact: false, signals: [...pair, ...scoreFigures(a, [b])] }) ?? 0;
      similarity[i]![j] = total;
      similarity[j]![i] = total;
    }
  }
  const members = new Map<number, number[]>(fingerprints.map((_, i) => [i, [i]]));
  for (;;) {
    let best = Number.NEGATIVE_INFINITY;
    let pair: [number, number] = [0, 0];
    for (const a of members.keys()) {
      const row = similarity[a]!;
      for (const b of members.keys()) {
        if (b > a && row[b]! > best) {
          best = row[b]!;
          pair = [a, b];
        }
      }
    }
    if (best < threshold) break;
    const [a, b] = pair;
    const sizeA = members.get(a)!.length;
    const sizeB = members.get(b)!.length;
    for (const c of members.keys()) {
      if (c === a || c === b) continue;
      const merged = (similarity[a]![c]! * sizeA + similarity[b]![c]! * sizeB) / (sizeA + sizeB);
      similarity[a]![c] = merged;
      similarity[c]![a] = merged;
    }
    members.set(a, [...members.get(a)!, ...members.get(b)!]);
    members.delete(b);
  }
  const cluster = new Array<number>(n);
  for (const [id, list] of members) for (const i of list) cluster[i] = id;
  return cluster;
}
