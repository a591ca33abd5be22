import { PairScoreCache } from '../../dedupe/event-clustering.ts';
import type { DedupeIndex } from '../../dedupe/dedupe-index.ts';
import { inMemoryDedupeIndex } from '../../dedupe/dedupe-index.ts';
import type { DedupeArticle } from '../../dedupe/fingerprint.ts';
import { fingerprintArticle } from '../../dedupe/fingerprint.ts';
import type { TermStatistics } from '../../dedupe/term-statistics.ts';
import { murmur32 } from '../../dedupe/hashing.ts';
import type { DecisionKind, DedupeDecision } from '../../dedupe/match-policy.ts';
import { MATCH_POLICY } from '../../dedupe/match-policy.ts';
import { routeArticle } from '../../dedupe/routing-pipeline.ts';
import type { EcbPlusDocument } from './ecbplus-reader.ts';
import { readEcbPlus } from './ecbplus-reader.ts';
import type { PairSetScores, PairwiseScores, PrecisionRecall } from './metrics.ts';
import { bCubed, pairKey, pairSetScores, pairwise } from './metrics.ts';
import { readReuters } from './reuters-reader.ts';
import { clusterRetrospectively } from './retrospective-clustering.ts';
import type { ItemPair } from './reuters-reference.ts';
import { EDITED_RESEND_RULE, reutersReference } from './reuters-reference.ts';

export interface DedupeEvalOptions {
  ecbplus?: string;
  reuters?: string;
  /** how many stream orders ECB+ is routed in (the fixed one first); default `DEFAULT_ECBPLUS_ORDERS` */
  orders?: number;
}

/** Single-pass routing depends on arrival order: one order's figure can be several points off the typical one. */
export const DEFAULT_ECBPLUS_ORDERS = 10;

/** B³-F1 over several stream orders: the spread single-pass routing has on this corpus. */
export interface OrderSpread {
  orders: number;
  median: number;
  mean: number;
  min: number;
  max: number;
}

export type DecisionCounts = Record<DecisionKind, number>;

export interface EcbPlusReport {
  documents: number;
  goldStories: number;
  predictedStories: number;
  bCubed: PrecisionRecall;
  pairwise: PairwiseScores;
  decisions: DecisionCounts;
  /** in the fixed order */
  regrouping: RegroupingCounts;
  order: string;
  /** B³-F1 of the fixed order and of `orders - 1` further ones (murmur3 seeds 1, 2, …) */
  acrossOrders: OrderSpread;
  /** the router's signals clustered after the fact (average linkage at the router's threshold): a reference, not the router */
  retrospective: { bCubed: PrecisionRecall; stories: number; threshold: number };
  /** how the index's document frequencies (IDF) were seeded */
  idf: string;
  elapsedMs: number;
}

export interface ReutersReport {
  items: number;
  decisions: DecisionCounts;
  regrouping: RegroupingCounts;
  /** reference exact re-send pairs routed to one story */
  exactResends: { reference: number; sameStory: number; recall: number };
  /** recall: reference edited re-send pairs routed to one story; precision: near-duplicate links (item → matched item) that are reference re-send pairs */
  editedResends: { reference: number; sameStory: number; recall: number; nearDuplicateLinks: PairSetScores };
  /** same-event links (item → matched item) for information: no reference exists for them */
  sameEventLinks: { count: number; inReference: number };
  referenceRule: string;
  idf: string;
  elapsedMs: number;
}

export interface DedupeReport {
  ecbplus?: EcbPlusReport;
  reuters?: ReutersReport;
}

export const ECBPLUS_ORDER =
  'documents interleaved across topics in a fixed pseudo-random order (murmur3 of the file name, seed 7), as a mixed wire stream would deliver them; ' +
  'an item\'s story is the one it ends in (routed, or moved by a later regrouping)';
const FIXED_ORDER_SEED = 7;

export const ECBPLUS_IDF =
  'seeded with the document frequencies of all the evaluated documents (their text only, no labels), as a long-running index would know them; ' +
  'the window\'s own counts win where larger';
export const REUTERS_IDF = 'not seeded: the window\'s own counts only, from a cold start (the first items see uniform-ish weights)';

export const REUTERS_REFERENCE_RULE =
  `exact re-send = two items whose normalised headline + non-empty body are identical; ` +
  `edited re-send = two items at most ${EDITED_RESEND_RULE.maxDaysApart} calendar day apart, not exact re-sends of each other, ` +
  `whose bodies share ≥ ${EDITED_RESEND_RULE.minShingleJaccard} of their word 3-shingles (exact Jaccard, headline may differ); ` +
  `headline-only BRIEFs (placeholder body) take part in neither`;

export async function runDedupeEval(options: DedupeEvalOptions): Promise<DedupeReport> {
  if (!options.ecbplus && !options.reuters) throw new Error('runDedupeEval needs an ECB+ or a Reuters-21578 directory');
  const report: DedupeReport = {};
  if (options.ecbplus) report.ecbplus = await evaluateEcbPlus(options.ecbplus, options.orders);
  if (options.reuters) report.reuters = await evaluateReuters(options.reuters);
  return report;
}

interface Routed {
  id: string;
  /** the item's story once the stream is through: where it was routed, or where a regrouping moved it */
  storyId: string;
  decision: DedupeDecision;
}

/** What the stream's regroupings did: items moved between stories, stories merged into others. */
export interface RegroupingCounts {
  regroupings: number;
  moves: number;
  merges: number;
}

interface RoutedStream {
  routed: Routed[];
  regrouping: RegroupingCounts;
}

async function routeAll(items: ReadonlyArray<{ id: string; article: DedupeArticle }>, index: DedupeIndex): Promise<RoutedStream> {
  const routed: Routed[] = [];
  const positionOf = new Map<string, number>();
  const regrouping: RegroupingCounts = { regroupings: 0, moves: 0, merges: 0 };
  const pairScores = new PairScoreCache();
  for (const { id, article } of items) {
    const { storyId, decision, regrouping: pending } = await routeArticle(article, index, { pairScores });
    positionOf.set(article.providerItemId, routed.length);
    routed.push({ id, storyId, decision });
    if (!pending) continue;
    // Carried out as the router would: each moved item now belongs to its new story.
    for (const move of pending.moves) {
      const at = positionOf.get(move.item.providerItemId);
      if (at !== undefined) routed[at] = { ...routed[at]!, storyId: move.to };
    }
    regrouping.regroupings++;
    regrouping.moves += pending.moves.length;
    regrouping.merges += pending.merges.length;
    await index.regroupings.acknowledgeRegrouping(pending.id);
  }
  return { routed, regrouping };
}

export async function evaluateEcbPlus(dir: string, orders = DEFAULT_ECBPLUS_ORDERS): Promise<EcbPlusReport> {
  if (!Number.isInteger(orders) || orders < 1) throw new Error(`orders must be a whole number ≥ 1, got ${orders}`);
  const started = performance.now();
  const documents = await readEcbPlus(dir);
  const statistics = corpusStatistics(documents.map((d) => ({ article: d.article })));
  const gold = (ordered: readonly EcbPlusDocument[]): string[] => ordered.map((d) => d.goldStory);
  const fixed = inStreamOrder(documents, FIXED_ORDER_SEED);
  const { routed, regrouping } = await routeEcbPlus(fixed, statistics);
  const predicted = routed.map((r) => r.storyId);
  const f1s = [bCubed(gold(fixed), predicted).f1];
  for (let seed = 1; f1s.length < orders; seed++) {
    if (seed === FIXED_ORDER_SEED) continue;
    const ordered = inStreamOrder(documents, seed);
    f1s.push(bCubed(gold(ordered), (await routeEcbPlus(ordered, statistics)).routed.map((r) => r.storyId)).f1);
  }
  return {
    documents: documents.length,
    goldStories: new Set(gold(fixed)).size,
    predictedStories: new Set(predicted).size,
    bCubed: bCubed(gold(fixed), predicted),
    pairwise: pairwise(gold(fixed), predicted),
    decisions: countDecisions(routed),
    regrouping,
    order: ECBPLUS_ORDER,
    acrossOrders: spreadOf(f1s),
    retrospective: retrospectiveReference(documents, statistics),
    idf: ECBPLUS_IDF,
    elapsedMs: Math.round(performance.now() - started),
  };
}

function retrospectiveReference(documents: readonly EcbPlusDocument[], statistics: TermStatistics): EcbPlusReport['retrospective'] {
  const threshold = MATCH_POLICY.sameEventTotal;
  const clusters = clusterRetrospectively(documents.map((d) => fingerprintArticle(d.article)), statistics, threshold);
  return { bCubed: bCubed(documents.map((d) => d.goldStory), clusters.map(String)), stories: new Set(clusters).size, threshold };
}

function inStreamOrder(documents: readonly EcbPlusDocument[], seed: number): EcbPlusDocument[] {
  return [...documents].sort((a, b) => murmur32(a.docName, seed) - murmur32(b.docName, seed) || (a.docName < b.docName ? -1 : 1));
}

/** A fresh index per order, seeded with the whole corpus's document frequencies (the same in every order). */
function routeEcbPlus(ordered: readonly EcbPlusDocument[], statistics: TermStatistics): Promise<RoutedStream> {
  return routeAll(ordered.map((d) => ({ id: d.docName, article: d.article })), inMemoryDedupeIndex({ backgroundStatistics: statistics }));
}

function spreadOf(values: readonly number[]): OrderSpread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return {
    orders: sorted.length,
    median: sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

export async function evaluateReuters(dir: string): Promise<ReutersReport> {
  const started = performance.now();
  const documents = await readReuters(dir);
  const ordered = [...documents].sort((a, b) => a.article.versioncreated - b.article.versioncreated || a.newId - b.newId);
  const { routed, regrouping } = await routeAll(
    ordered.map((d) => ({ id: String(d.newId), article: d.article })),
    inMemoryDedupeIndex(),
  );
  const storyOf = new Map(routed.map((r) => [r.id, r.storyId]));
  const sameStory = (pairs: readonly ItemPair[]): number => pairs.filter(([a, b]) => storyOf.get(a) === storyOf.get(b)).length;
  const reference = reutersReference(documents);
  const links = (kind: 'near-duplicate' | 'same-event'): ItemPair[] =>
    routed.flatMap((r) => (r.decision.kind === kind ? [[r.id, r.decision.of.providerItemId] as const] : []));
  const allReference = new Set([...reference.exactResends, ...reference.editedResends].map(pairKey));
  const sameEvent = links('same-event');
  const exactSame = sameStory(reference.exactResends);
  const editedSame = sameStory(reference.editedResends);
  return {
    items: documents.length,
    decisions: countDecisions(routed),
    regrouping,
    exactResends: {
      reference: reference.exactResends.length,
      sameStory: exactSame,
      recall: ratio(exactSame, reference.exactResends.length),
    },
    editedResends: {
      reference: reference.editedResends.length,
      sameStory: editedSame,
      recall: ratio(editedSame, reference.editedResends.length),
      nearDuplicateLinks: pairSetScores([...reference.exactResends, ...reference.editedResends], links('near-duplicate')),
    },
    sameEventLinks: { count: sameEvent.length, inReference: sameEvent.filter((p) => allReference.has(pairKey(p))).length },
    referenceRule: REUTERS_REFERENCE_RULE,
    idf: REUTERS_IDF,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * Document frequencies of the evaluated texts themselves (no labels): the state a long-running index
 * would be in, instead of a cold start on a few hundred documents.
 */
export function corpusStatistics(items: ReadonlyArray<{ article: DedupeArticle }>): TermStatistics {
  const documentFrequency: Record<string, number> = {};
  for (const { article } of items) {
    for (const term of Object.keys(fingerprintArticle(article).terms)) documentFrequency[term] = (documentFrequency[term] ?? 0) + 1;
  }
  return { documentCount: items.length, documentFrequency };
}

function countDecisions(routed: readonly Routed[]): DecisionCounts {
  const counts: DecisionCounts = { 'same-item': 0, 'exact-duplicate': 0, 'near-duplicate': 0, 'same-event': 0, 'new-story': 0 };
  for (const r of routed) counts[r.decision.kind]++;
  return counts;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

const pct = (x: number): string => x.toFixed(4);
const regroupings = (r: RegroupingCounts): string => `regroupings ${r.regroupings} (items moved ${r.moves}, stories merged ${r.merges})`;

export function formatDedupeReport(report: DedupeReport): string {
  const lines: string[] = [];
  const decisions = (d: DecisionCounts): string =>
    Object.entries(d)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  if (report.ecbplus) {
    const e = report.ecbplus;
    lines.push(
      `ECB+ story clustering: ${e.documents} documents, ${e.goldStories} gold stories, ${e.predictedStories} predicted stories (${e.elapsedMs} ms)`,
      `  B³        precision ${pct(e.bCubed.precision)}  recall ${pct(e.bCubed.recall)}  F1 ${pct(e.bCubed.f1)}`,
      `  pairwise  precision ${pct(e.pairwise.precision)}  recall ${pct(e.pairwise.recall)}  F1 ${pct(e.pairwise.f1)}` +
        `  (${e.pairwise.truePairs} correct of ${e.pairwise.predictedPairs} predicted pairs, ${e.pairwise.goldPairs} gold pairs)`,
      `  B³-F1 over ${e.acrossOrders.orders} stream orders (this one and ${e.acrossOrders.orders - 1} more): median ${pct(e.acrossOrders.median)}  mean ${pct(e.acrossOrders.mean)}  min ${pct(e.acrossOrders.min)}  max ${pct(e.acrossOrders.max)}`,
      `  reference, not the router: the same signals clustered after the fact (average linkage at ${e.retrospective.threshold}), ${e.retrospective.stories} stories:` +
        `  B³ precision ${pct(e.retrospective.bCubed.precision)}  recall ${pct(e.retrospective.bCubed.recall)}  F1 ${pct(e.retrospective.bCubed.f1)}`,
      `  decisions: ${decisions(e.decisions)}; ${regroupings(e.regrouping)}`,
      `  order: ${e.order}`,
      `  IDF: ${e.idf}`,
    );
  }
  if (report.reuters) {
    const r = report.reuters;
    const near = r.editedResends.nearDuplicateLinks;
    lines.push(
      `Reuters-21578 re-sends: ${r.items} items routed in time order (${r.elapsedMs} ms)`,
      `  exact re-sends   recall ${pct(r.exactResends.recall)}  (${r.exactResends.sameStory} of ${r.exactResends.reference} reference pairs in one story)`,
      `  edited re-sends  recall ${pct(r.editedResends.recall)}  (${r.editedResends.sameStory} of ${r.editedResends.reference} reference pairs in one story)`,
      `                   precision ${pct(near.precision)}  (${near.matched} of ${near.predicted} near-duplicate links are reference re-send pairs)`,
      `  same-event links ${r.sameEventLinks.count} (${r.sameEventLinks.inReference} of them reference re-send pairs; no reference for the rest)`,
      `  decisions: ${decisions(r.decisions)}; ${regroupings(r.regrouping)}`,
      `  reference: ${r.referenceRule}`,
      `  IDF: ${r.idf}`,
    );
  }
  return lines.join('\n');
}
