import type { Fingerprint, ItemRef } from './fingerprint.ts';
import type { Signal, SignalName, SignalScores, TermStatistics } from './similarity.ts';
import { scoreCandidate, scoreStory, signalScore } from './similarity.ts';
import type { StoryProfile } from './story-profile.ts';
import { storyProfileOf } from './story-profile.ts';

export interface Candidate {
  storyId: string;
  fingerprint: Fingerprint;
}

export interface Evidence {
  signals: Signal[];
  total: number;
}

export type DedupeDecision =
  | { kind: 'same-item'; storyId: string }
  | { kind: 'exact-duplicate'; storyId: string; of: ItemRef }
  | { kind: 'near-duplicate'; storyId: string; of: ItemRef; evidence: Evidence }
  | { kind: 'same-event'; storyId: string; of: ItemRef; evidence: Evidence }
  | { kind: 'new-story' };

export type DecisionKind = DedupeDecision['kind'];

export interface ClassifyContext {
  stats?: TermStatistics;
  /** profiles of the candidates' stories; a story without one is profiled from its candidates */
  stories?: readonly StoryProfile[];
}

/**
 * Thresholds. Near-duplicate (item against item): the same text give or take edits — at least half
 * the word 3-shingles shared (MinHash estimate), or one text nearly contained in the other (a
 * write-thru that adds paragraphs). Same event (item against a story's profile): the mean of the
 * IDF-weighted cosine of content words (lead words count double) and of capitalised names, with a
 * veto when the dates are more than a fortnight apart. 0.3 is where, on ECB+, merging two different
 * events of one kind starts to cost more than splitting one event in two.
 */
export const MATCH_POLICY = {
  nearDuplicateJaccard: 0.5,
  nearDuplicateContainment: 0.85,
  minShinglesForContainment: 20,
  nearDuplicateMinNumbers: 0.5,
  sameEventTotal: 0.3,
  // Off: on ECB+ the lead date of one event's follow-ups spans more than half a year often enough to split it.
  vetoOnDateConflict: false,
  weights: { content: 0.5, entities: 0.5 } satisfies Partial<Record<SignalName, number>>,
} as const;

export function classify(fp: Fingerprint, candidates: readonly Candidate[], context: ClassifyContext = {}): DedupeDecision {
  const { stats } = context;
  const sameItem = candidates.find(
    (c) => c.fingerprint.item.providerId === fp.item.providerId && c.fingerprint.item.providerItemId === fp.item.providerItemId,
  );
  if (sameItem) return { kind: 'same-item', storyId: sameItem.storyId };

  const exact = candidates.find((c) => c.fingerprint.exactHash === fp.exactHash);
  if (exact) return { kind: 'exact-duplicate', storyId: exact.storyId, of: exact.fingerprint.item };

  const scored = candidates.map((c) => ({ candidate: c, scores: scoreCandidate(fp, c.fingerprint, stats) }));

  const nearDuplicates = scored
    .map((s) => ({ ...s, jaccard: signalScore(s.scores, 'minhash-jaccard') ?? 0 }))
    .filter((s) => isNearDuplicate(fp, s.candidate.fingerprint, s.scores))
    .sort((a, b) => b.jaccard - a.jaccard || compareCandidates(a.candidate, b.candidate));
  const bestNear = nearDuplicates[0];
  if (bestNear) {
    return {
      kind: 'near-duplicate',
      storyId: bestNear.candidate.storyId,
      of: bestNear.candidate.fingerprint.item,
      evidence: { signals: bestNear.scores.signals, total: bestNear.jaccard },
    };
  }

  const members = new Map<string, Array<{ candidate: Candidate; content: number }>>();
  for (const { candidate, scores } of scored) {
    const list = members.get(candidate.storyId) ?? [];
    list.push({ candidate, content: signalScore(scores, 'content') ?? 0 });
    members.set(candidate.storyId, list);
  }
  const profiles = new Map((context.stories ?? []).map((p) => [p.storyId, p]));
  const events = [...members.entries()]
    .map(([storyId, list]) => {
      const profile = profiles.get(storyId) ?? storyProfileOf(storyId, list.map((m) => m.candidate.fingerprint), stats);
      const scores = scoreStory(fp, profile, stats);
      const closest = [...list].sort((a, b) => b.content - a.content || compareCandidates(a.candidate, b.candidate))[0]!;
      return { storyId, scores, total: sameEventTotal(scores), of: closest.candidate.fingerprint.item };
    })
    .filter((e) => e.total !== null && e.total >= MATCH_POLICY.sameEventTotal)
    .sort((a, b) => b.total! - a.total! || (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0));
  const bestEvent = events[0];
  if (bestEvent) {
    return {
      kind: 'same-event',
      storyId: bestEvent.storyId,
      of: bestEvent.of,
      evidence: { signals: bestEvent.scores.signals, total: round(bestEvent.total!) },
    };
  }
  return { kind: 'new-story' };
}

function isNearDuplicate(fp: Fingerprint, candidate: Fingerprint, scores: SignalScores): boolean {
  // Templated copy (results tables, earnings) shares its wording but not its figures.
  const numbers = signalScore(scores, 'numbers');
  if (numbers !== undefined && numbers < MATCH_POLICY.nearDuplicateMinNumbers) return false;
  const jaccard = signalScore(scores, 'minhash-jaccard') ?? 0;
  if (jaccard >= MATCH_POLICY.nearDuplicateJaccard) return true;
  const containment = signalScore(scores, 'containment') ?? 0;
  return (
    containment >= MATCH_POLICY.nearDuplicateContainment &&
    Math.min(fp.shingleCount, candidate.shingleCount) >= MATCH_POLICY.minShinglesForContainment
  );
}

/** Weighted mean over the signals both sides have; null when the dates rule the pair out. */
export function sameEventTotal(scores: SignalScores): number | null {
  if (MATCH_POLICY.vetoOnDateConflict && signalScore(scores, 'event-date') === 0) return null;
  let sum = 0;
  let weight = 0;
  for (const [name, w] of Object.entries(MATCH_POLICY.weights) as Array<[SignalName, number]>) {
    const score = signalScore(scores, name);
    if (score === undefined) continue;
    sum += w * score;
    weight += w;
  }
  return weight === 0 ? null : sum / weight;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  const x = `${a.storyId}\u0000${a.fingerprint.item.providerId}\u0000${a.fingerprint.item.providerItemId}`;
  const y = `${b.storyId}\u0000${b.fingerprint.item.providerId}\u0000${b.fingerprint.item.providerItemId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
