import type { Fingerprint } from './fingerprint.ts';
import type { IdentityWeights } from './match-policy.ts';
import { crossLanguageScore, isNextIssue, isSameCopy, MATCH_POLICY, sameEventTotal } from './match-policy.ts';
import type { ItemVectors } from './item-vectors.ts';
import { itemVectors } from './item-vectors.ts';
import type { SignalScores } from './similarity.ts';
import { scoreCandidate, scoreFigures } from './similarity.ts';
import type { TermStatistics } from './term-statistics.ts';

/** An item to cluster: its fingerprint and, when the index has them, its vectors as indexed. */
export interface ClusterItem {
  fingerprint: Fingerprint;
  vectors?: ItemVectors;
}

/**
 * How strongly two items report one event: the same signals and weights the router's same-event
 * decision uses, item against item (0 when nothing comparable); 1 for two copies of one text.
 */
function pairEventScore(a: Fingerprint, b: Fingerprint, weights: IdentityWeights, stats?: TermStatistics, va?: ItemVectors, vb?: ItemVectors): number {
  const scores = scoreCandidate(a, b, stats, va ?? itemVectors(a, stats), vb ?? itemVectors(b, stats));
  // Copies of one text are one story's copy: the anchor rules are for different texts.
  if (isSameCopy(a, b, scores)) return 1;
  // Two languages share no words: their names, place and day decide, as they do for the router.
  const acrossLanguages = crossLanguageScore(a, b);
  if (acrossLanguages !== null) return acrossLanguages;
  const pair = eventSignals(a, b, scores);
  // Another day's issue of one provider's recurring report is kept apart by the router: regrouping must not merge it back.
  if (a.item.providerId === b.item.providerId && isNextIssue(a, b, pair)) return 0;
  return sameEventTotal(pair, MATCH_POLICY.pairAnchor, weights) ?? 0;
}

/** Two items' evidence of one event, item against item: the candidate signals with the figures, years, quantities and days as a story's are scored. */
export function pairSignals(a: Fingerprint, b: Fingerprint, stats?: TermStatistics, va?: ItemVectors, vb?: ItemVectors): SignalScores {
  return eventSignals(a, b, scoreCandidate(a, b, stats, va ?? itemVectors(a, stats), vb ?? itemVectors(b, stats)));
}

function eventSignals(a: Fingerprint, b: Fingerprint, scores: SignalScores): SignalScores {
  return { exact: false, signals: [...scores.signals.filter((s) => s.name !== 'numbers'), ...scoreFigures(a, [b])] };
}

/**
 * Pair scores of indexed items, which never change while both items keep their version: a router
 * regrouping the same stories again and again scores only the newcomer's pairs. Bounded; the oldest
 * entries go first. One cache per weighting: the scores depend on it.
 */
export class PairScoreCache {
  readonly #scores = new Map<string, Map<string, number>>();
  readonly #capacity: number;
  #size = 0;

  constructor(capacity = 500_000) {
    this.#capacity = capacity;
  }

  /** `a` and `b` are version keys (`versionKey`); only items scored with their indexed vectors may be cached. */
  score(a: string, b: string, compute: () => number): number {
    const [x, y] = a < b ? [a, b] : [b, a];
    let row = this.#scores.get(x);
    const known = row?.get(y);
    if (known !== undefined) return known;
    const computed = compute();
    if (this.#size >= this.#capacity) this.#evictOldestRow();
    if (!row) this.#scores.set(x, (row = new Map<string, number>()));
    row.set(y, computed);
    this.#size++;
    return computed;
  }

  #evictOldestRow(): void {
    const [oldest, row] = this.#scores.entries().next().value!;
    this.#size -= row.size;
    this.#scores.delete(oldest);
  }
}

/** An item's identity down to its text: a new version with other text scores afresh. */
export function versionKey(fp: Fingerprint): string {
  return `${fp.item.providerId}\u0000${fp.item.providerItemId}\u0000${fp.exactHash}`;
}

/** The symmetric matrix of pair scores (the diagonal is unused). */
export function pairScores(items: readonly ClusterItem[], stats?: TermStatistics, cache?: PairScoreCache, weights: IdentityWeights = MATCH_POLICY.weights): Float64Array[] {
  const vectors = items.map((item) => item.vectors ?? itemVectors(item.fingerprint, stats));
  // Only items scored with their indexed vectors score the same every time; others depend on the lookup's statistics.
  const keys = items.map((item) => (cache && item.vectors ? versionKey(item.fingerprint) : undefined));
  const scores = items.map(() => new Float64Array(items.length));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const compute = (): number => pairEventScore(items[i]!.fingerprint, items[j]!.fingerprint, weights, stats, vectors[i], vectors[j]);
      const [a, b] = [keys[i], keys[j]];
      const score = cache && a !== undefined && b !== undefined ? cache.score(a, b, compute) : compute();
      scores[i]![j] = score;
      scores[j]![i] = score;
    }
  }
  return scores;
}

/**
 * Average linkage: the two clusters whose items are on average closest merge first, until no two
 * are at `threshold`; then each item moves to the cluster it is on average closest to, if that is
 * not its own (a few rounds). Comparing whole clusters rather than an item with a running story
 * keeps two events of one kind apart even when their first reports happened to look alike.
 * Reassignment: see `REASSIGN_SLACK`.
 * Deterministic: ties go to the lower index. Returns clusters of indices, each ascending, ordered by
 * their first index.
 */
export function clusterEvents(scores: readonly Float64Array[], threshold: number): number[][] {
  return reassign(scores, averageLinkage(scores, threshold), threshold);
}

const REASSIGN_ROUNDS = 5;

function averageLinkage(scores: readonly Float64Array[], threshold: number): number[][] {
  const n = scores.length;
  const linkage = scores.map((row) => Float64Array.from(row));
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) members.set(i, [i]);
  for (;;) {
    let best = Number.NEGATIVE_INFINITY;
    let pair: [number, number] = [0, 0];
    for (const a of members.keys()) {
      const row = linkage[a]!;
      for (const b of members.keys()) {
        if (b > a && row[b]! > best) {
          best = row[b]!;
          pair = [a, b];
        }
      }
    }
    if (members.size < 2 || best < threshold) break;
    const [a, b] = pair;
    const sizeA = members.get(a)!.length;
    const sizeB = members.get(b)!.length;
    for (const c of members.keys()) {
      if (c === a || c === b) continue;
      const merged = (linkage[a]![c]! * sizeA + linkage[b]![c]! * sizeB) / (sizeA + sizeB);
      linkage[a]![c] = merged;
      linkage[c]![a] = merged;
    }
    members.set(a, [...members.get(a)!, ...members.get(b)!]);
    members.delete(b);
  }
  return [...members.values()];
}

function reassign(scores: readonly Float64Array[], clusters: readonly number[][], threshold: number): number[][] {
  const n = scores.length;
  const clusterOf = new Int32Array(n);
  clusters.forEach((members, c) => members.forEach((i) => (clusterOf[i] = c)));
  const sum = new Float64Array(clusters.length);
  const count = new Int32Array(clusters.length);
  const strongest = new Float64Array(clusters.length);
  for (let round = 0; round < REASSIGN_ROUNDS; round++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      // Links of item i with every cluster, in one pass over the others.
      sum.fill(0);
      count.fill(0);
      strongest.fill(Number.NEGATIVE_INFINITY);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const c = clusterOf[j]!;
        sum[c]! += scores[i]![j]!;
        count[c]!++;
        if (scores[i]![j]! > strongest[c]!) strongest[c] = scores[i]![j]!;
      }
      const linkTo = (c: number): Link => ({ mean: count[c] === 0 ? Number.NEGATIVE_INFINITY : sum[c]! / count[c]!, strongest: strongest[c]! });
      let best = clusterOf[i]!;
      let bestLink = linkTo(best);
      for (let c = 0; c < clusters.length; c++) {
        const link = linkTo(c);
        if (link.mean > bestLink.mean) {
          best = c;
          bestLink = link;
        }
      }
      if (best !== clusterOf[i] && isBoundBy(bestLink, threshold)) {
        clusterOf[i] = best;
        moved = true;
      }
    }
    if (!moved) break;
  }
  const grouped = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const members = grouped.get(clusterOf[i]!);
    if (members) members.push(i);
    else grouped.set(clusterOf[i]!, [i]);
  }
  return [...grouped.values()];
}

/** Mean and strongest pair score of an item with a group of others. */
export interface Link {
  mean: number;
  strongest: number;
}

export function linkOf(scores: readonly Float64Array[], i: number, others: readonly number[]): Link {
  let sum = 0;
  let strongest = Number.NEGATIVE_INFINITY;
  for (const j of others) {
    sum += scores[i]![j]!;
    strongest = Math.max(strongest, scores[i]![j]!);
  }
  return { mean: others.length === 0 ? Number.NEGATIVE_INFINITY : sum / others.length, strongest };
}

/** Whether an item belongs with a group it has this link to (see `REASSIGN_SLACK`). */
export function isBoundBy(link: Link, threshold: number): boolean {
  return link.mean >= threshold - REASSIGN_SLACK && link.strongest >= threshold;
}

/**
 * An item may move to a cluster it is on average a little below the merge threshold with, if it fits
 * there better than where it is and is linked at the threshold to at least one of its items: that is
 * how a report that shares less wording with each single report than they share among themselves
 * still finds its story, without two events of one kind being joined on a weak average alone.
 */
const REASSIGN_SLACK = 0.05;
