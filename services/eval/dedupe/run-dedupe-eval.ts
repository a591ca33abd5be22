import { PairScoreCache } from '../../dedupe/event-clustering.ts';
import type { DedupeIndex } from '../../dedupe/dedupe-index.ts';
import { inMemoryDedupeIndex } from '../../dedupe/dedupe-index.ts';
import type { DedupeArticle } from '../../dedupe/fingerprint.ts';
import { fingerprintArticle } from '../../dedupe/fingerprint.ts';
import type { TermStatistics } from '../../dedupe/term-statistics.ts';
import { murmur32 } from '../../dedupe/hashing.ts';
import type { DecisionKind, DedupeDecision, EventTuning, IdentityWeights } from '../../dedupe/match-policy.ts';
import { MATCH_POLICY } from '../../dedupe/match-policy.ts';
import { routeArticle } from '../../dedupe/routing-pipeline.ts';
import type { EcbPlusDocument } from './ecbplus-reader.ts';
import { readEcbPlus } from './ecbplus-reader.ts';
import type { PairSetScores, PairwiseScores, PrecisionRecall } from './metrics.ts';
import { bCubed, pairKey, pairSetScores, pairwise } from './metrics.ts';
import type { ReutersDocument } from './reuters-reader.ts';
import { readReuters } from './reuters-reader.ts';
import { clusterLabels } from './retrospective-clustering.ts';
import type { ScoredDocuments, SignalCeiling } from './signal-ceiling.ts';
import { scoreDocuments, signalCeiling } from './signal-ceiling.ts';
import type { ItemPair } from './reuters-reference.ts';
import { EDITED_RESEND_RULE, reutersReference } from './reuters-reference.ts';

export interface DedupeEvalOptions {
  ecbplus?: string;
  reuters?: string;
  /** how many stream orders ECB+ is routed in (the fixed one first); default `DEFAULT_ECBPLUS_ORDERS` */
  orders?: number;
  /** ECB+ interleaved with the Reuters stream (needs both) */
  mixed?: boolean;
  /** n same-event joins of the Reuters run, drawn with a fixed seed, to read */
  sampleJoins?: number;
  /** topic folds for ECB+ cross-validation (default `DEFAULT_FOLDS`; 0 = none) */
  folds?: number;
  /** only the first n Reuters items in time order (a slice while iterating; the figures are then not the headline ones) */
  reutersLimit?: number;
  /** the index's starting document frequencies (the shipped model); none = a cold window */
  background?: TermStatistics;
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
  /** the same-event threshold fitted on some topics, scored on the others */
  crossValidation?: CrossValidation;
  /** the router's signals clustered after the fact (average linkage at the router's threshold): a reference, not the router */
  retrospective: { bCubed: PrecisionRecall; stories: number; threshold: number };
  /** the same topic folds, clustered after the fact on a model fitted over every pair signal: how far rules over these signals can go */
  signalCeiling?: SignalCeiling;
  /** how the index's document frequencies (IDF) were seeded */
  idf: string;
  elapsedMs: number;
}

export interface ReutersReport {
  items: number;
  /** set when only the first `limit` items in time order were routed */
  limit?: number;
  decisions: DecisionCounts;
  regrouping: RegroupingCounts;
  /** reference exact re-send pairs routed to one story */
  exactResends: { reference: number; sameStory: number; recall: number };
  /** recall: reference edited re-send pairs routed to one story; precision: near-duplicate links (item → matched item) that are reference re-send pairs */
  editedResends: { reference: number; sameStory: number; recall: number; nearDuplicateLinks: PairSetScores };
  /** same-event links (item → matched item) for information: no reference exists for them */
  sameEventLinks: { count: number; inReference: number };
  /** share of the items not in a reference re-send pair whose story holds any other item */
  joinedRate: number;
  /** the same share among the items of the second half of the timeline: the join rules were chosen on items of the first */
  joinedRateSecondHalf: number;
  standaloneItems: number;
  sampledJoins?: SampledJoin[];
  referenceRule: string;
  idf: string;
  elapsedMs: number;
}

export interface DedupeReport {
  ecbplus?: EcbPlusReport;
  reuters?: ReutersReport;
  mixed?: MixedReport;
}

export const ECBPLUS_ORDER =
  'documents interleaved across topics in a fixed pseudo-random order (murmur3 of the file name, seed 7), as a mixed wire stream would deliver them; ' +
  'an item\'s story is the one it ends in (routed, or moved by a later regrouping)';
const FIXED_ORDER_SEED = 7;
/** Topic folds for cross-validation, and the same-event thresholds and weightings fitted on them. */
export const DEFAULT_FOLDS = 5;
export const THRESHOLD_GRID = [0.3, 0.35, 0.4, 0.45] as const;
/**
 * The weightings of the identity signals fitted with the threshold: the shipped one, names weighed
 * over words and words over names, and the figures weighed half as much again.
 */
export const WEIGHT_GRID: ReadonlyArray<{ name: string; weights: IdentityWeights }> = [
  { name: 'shipped', weights: MATCH_POLICY.weights },
  { name: 'names', weights: { ...MATCH_POLICY.weights, content: 0.35, entities: 0.65 } },
  { name: 'words', weights: { ...MATCH_POLICY.weights, content: 0.65, entities: 0.35 } },
  { name: 'figures', weights: { ...MATCH_POLICY.weights, numbers: 0.3, quantities: 0.6 } },
];
const SAMPLE_SEED = 15;
/** Regrouping moves of one item closer in stream time than this are an oscillation (the index window). */
const OSCILLATION_WINDOW_MS = 3 * 86_400_000;

export const BACKGROUND_IDF =
  'seeded with the shipped document frequencies (services/dedupe/models/background-statistics.json.gz, CoNLL-2003 eng.train: Reuters 1996, not an evaluated stream); ' +
  'the window\'s own counts win where larger';
export const COLD_IDF = 'not seeded: the window\'s own counts only, from a cold start';

export const REUTERS_REFERENCE_RULE =
  `exact re-send = two items whose normalised headline + non-empty body are identical; ` +
  `edited re-send = two items at most ${EDITED_RESEND_RULE.maxDaysApart} calendar day apart, not exact re-sends of each other, ` +
  `whose bodies share ≥ ${EDITED_RESEND_RULE.minShingleJaccard} of their word 3-shingles (exact Jaccard, headline may differ) ` +
  `and whose headlines do not name two companies by exchange symbol, none in common (templated dividends, prime rates, contracts; a correction or a one-letter slip aside); ` +
  `headline-only BRIEFs (placeholder body) take part in neither`;

export const MIXED_STREAM =
  'ECB+ documents interleaved with the Reuters-21578 stream in time order: each ECB+ topic (both of its events) placed at one of 20 points spread evenly over the Reuters timeline, ' +
  'its documents within 3 days of it (murmur3 of the file name); Reuters items are stories of their own except the reference re-send pairs';

export async function runDedupeEval(options: DedupeEvalOptions): Promise<DedupeReport> {
  if (!options.ecbplus && !options.reuters) throw new Error('runDedupeEval needs an ECB+ or a Reuters-21578 directory');
  if (options.mixed && !(options.ecbplus && options.reuters)) throw new Error('--mixed needs both --ecbplus and --reuters');
  const report: DedupeReport = {};
  if (options.ecbplus) report.ecbplus = await evaluateEcbPlus(options.ecbplus, options.orders, options.background, options.folds);
  if (options.reuters) report.reuters = await evaluateReuters(options.reuters, options.background, options.sampleJoins, options.reutersLimit);
  if (options.mixed) report.mixed = await evaluateMixed(options.ecbplus!, options.reuters!, options.background, options.reutersLimit);
  return report;
}

interface Routed {
  id: string;
  /** the item's story once the stream is through: where it was routed, or where a regrouping moved it */
  storyId: string;
  decision: DedupeDecision;
}

/** What the stream's regroupings did: items moved between stories, stories merged into others, items moved again within the window. */
export interface RegroupingCounts {
  regroupings: number;
  moves: number;
  merges: number;
  oscillations: number;
}

interface RoutedStream {
  routed: Routed[];
  regrouping: RegroupingCounts;
}

async function routeAll(items: ReadonlyArray<{ id: string; article: DedupeArticle }>, index: DedupeIndex, tuning?: EventTuning): Promise<RoutedStream> {
  const routed: Routed[] = [];
  const positionOf = new Map<string, number>();
  const lastMoved = new Map<string, number>();
  const regrouping: RegroupingCounts = { regroupings: 0, moves: 0, merges: 0, oscillations: 0 };
  const pairScores = new PairScoreCache();
  for (const { id, article } of items) {
    const { storyId, decision, regrouping: pending } = await routeArticle(article, index, { pairScores, ...(tuning ? { tuning } : {}) });
    positionOf.set(article.providerItemId, routed.length);
    routed.push({ id, storyId, decision });
    if (!pending) continue;
    // Carried out as the router would: each moved item now belongs to its new story.
    for (const move of pending.moves) {
      const at = positionOf.get(move.item.providerItemId);
      if (at !== undefined) routed[at] = { ...routed[at]!, storyId: move.to };
      const before = lastMoved.get(move.item.providerItemId);
      if (before !== undefined && article.versioncreated - before < OSCILLATION_WINDOW_MS) regrouping.oscillations++;
      lastMoved.set(move.item.providerItemId, article.versioncreated);
    }
    regrouping.regroupings++;
    regrouping.moves += pending.moves.length;
    regrouping.merges += pending.merges.length;
    await index.regroupings.acknowledgeRegrouping(pending.id);
  }
  return { routed, regrouping };
}

export async function evaluateEcbPlus(dir: string, orders = DEFAULT_ECBPLUS_ORDERS, background?: TermStatistics, folds = DEFAULT_FOLDS): Promise<EcbPlusReport> {
  if (!Number.isInteger(orders) || orders < 1) throw new Error(`orders must be a whole number ≥ 1, got ${orders}`);
  const started = performance.now();
  const documents = await readEcbPlus(dir);
  const gold = (ordered: readonly EcbPlusDocument[]): string[] => ordered.map((d) => d.goldStory);
  const fixed = inStreamOrder(documents, FIXED_ORDER_SEED);
  const byFold = folds > 0 ? topicFolds(fixed, folds) : [];
  const stats = background ?? corpusStatistics(documents);
  const scored = scoreDocuments(documents, stats);
  const { routed, regrouping } = await routeEcbPlus(fixed, background);
  const predicted = routed.map((r) => r.storyId);
  const f1s = [bCubed(gold(fixed), predicted).f1];
  for (let seed = 1; f1s.length < orders; seed++) {
    if (seed === FIXED_ORDER_SEED) continue;
    const ordered = inStreamOrder(documents, seed);
    f1s.push(bCubed(gold(ordered), (await routeEcbPlus(ordered, background)).routed.map((r) => r.storyId)).f1);
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
    ...(byFold.length > 0 ? { crossValidation: await crossValidate(byFold, background) } : {}),
    retrospective: retrospectiveReference(scored),
    ...(byFold.length > 0 ? { signalCeiling: signalCeiling(scored, byFold.map((fold) => fold.docs), stats) } : {}),
    idf: background ? BACKGROUND_IDF : COLD_IDF,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** ECB+ B³-F1 with the same-event threshold and weighting fitted on other topics: the figure to expect on copy the policy was not tuned on. */
export interface CrossValidation {
  folds: number;
  grid: { thresholds: readonly number[]; weightings: readonly string[] };
  /** the threshold and weighting that fit every fold best, and their mean B³-F1 over the folds (in-sample) */
  inSample: FittedTuning & { f1: number };
  /** per fold: its topics, the threshold and weighting fitted on the other topics, its B³-F1 on its own topics */
  heldOut: Array<FittedTuning & { topics: string[]; f1: number }>;
  heldOutMeanF1: number;
}

export interface FittedTuning {
  threshold: number;
  /** the name of a `WEIGHT_GRID` weighting */
  weighting: string;
}

/** Topics dealt round-robin into folds, in a fixed pseudo-random order (murmur3 of the topic); empty folds left out. */
function topicFolds(ordered: readonly EcbPlusDocument[], folds: number): Array<{ topics: string[]; docs: EcbPlusDocument[] }> {
  const topics = [...new Set(ordered.map((d) => d.topic))].sort((a, b) => murmur32(a, SAMPLE_SEED) - murmur32(b, SAMPLE_SEED) || (a < b ? -1 : 1));
  return Array.from({ length: folds }, (_, fold) => {
    const own = topics.filter((_, i) => i % folds === fold);
    return { topics: own, docs: ordered.filter((d) => own.includes(d.topic)) };
  }).filter((f) => f.docs.length > 0);
}

/**
 * Each fold's topics are routed as a stream of their own at every threshold and weighting of the grid
 * (topics do not share events, so a fold's figure does not depend on the others being in the stream); a
 * fold's tuning is the one with the best mean B³-F1 over the other folds, and its held-out figure is its
 * own B³-F1 at that tuning. Routing each fold once per tuning keeps this to one pass over ECB+ per tuning.
 */
async function crossValidate(byFold: ReadonlyArray<{ topics: string[]; docs: EcbPlusDocument[] }>, background: TermStatistics | undefined): Promise<CrossValidation> {
  const foldDocs = byFold.map((f) => f.docs);
  // The shipped weighting at the first threshold first: a tie goes to the earlier tuning.
  const grid = WEIGHT_GRID.flatMap(({ name, weights }) => THRESHOLD_GRID.map((threshold) => ({ fitted: { threshold, weighting: name }, tuning: { threshold, weights } })));
  // f1[fold][t]: the fold routed alone at grid[t]
  const f1: number[][] = [];
  for (const docs of foldDocs) {
    const row: number[] = [];
    for (const { tuning } of grid) row.push(bCubed(docs.map((d) => d.goldStory), (await routeEcbPlus(docs, background, tuning)).routed.map((r) => r.storyId)).f1);
    f1.push(row);
  }
  const bestOver = (foldIndices: readonly number[]): number => {
    const means = grid.map((_, t) => foldIndices.reduce((sum, i) => sum + f1[i]![t]!, 0) / foldIndices.length);
    return means.indexOf(Math.max(...means));
  };
  const all = foldDocs.map((_, i) => i);
  const heldOut = all.map((i) => {
    const t = bestOver(all.filter((j) => j !== i));
    return { topics: byFold[i]!.topics, ...grid[t]!.fitted, f1: f1[i]![t]! };
  });
  const inSample = bestOver(all);
  return {
    folds: foldDocs.length,
    grid: { thresholds: THRESHOLD_GRID, weightings: WEIGHT_GRID.map((w) => w.name) },
    inSample: { ...grid[inSample]!.fitted, f1: all.reduce((sum, i) => sum + f1[i]![inSample]!, 0) / all.length },
    heldOut,
    heldOutMeanF1: heldOut.reduce((sum, f) => sum + f.f1, 0) / heldOut.length,
  };
}

/** Every document clustered at once on the router's pair scores (`clusterRetrospectively`), at the router's threshold. */
function retrospectiveReference({ documents, routerScores }: ScoredDocuments): EcbPlusReport['retrospective'] {
  const threshold = MATCH_POLICY.sameEventTotal;
  const clusters = clusterLabels(routerScores, threshold);
  return { bCubed: bCubed(documents.map((d) => d.goldStory), clusters.map(String)), stories: new Set(clusters).size, threshold };
}

function inStreamOrder(documents: readonly EcbPlusDocument[], seed: number): EcbPlusDocument[] {
  return [...documents].sort((a, b) => murmur32(a.docName, seed) - murmur32(b.docName, seed) || (a.docName < b.docName ? -1 : 1));
}

/** A fresh index per order, seeded with the same document frequencies in every order. */
function routeEcbPlus(ordered: readonly EcbPlusDocument[], background: TermStatistics | undefined, tuning?: EventTuning): Promise<RoutedStream> {
  return routeAll(ordered.map((d) => ({ id: d.docName, article: d.article })), inMemoryDedupeIndex(background ? { backgroundStatistics: background } : {}), tuning);
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

function reutersInTimeOrder(documents: readonly ReutersDocument[], limit?: number): ReutersDocument[] {
  const ordered = [...documents].sort((a, b) => a.article.versioncreated - b.article.versioncreated || a.newId - b.newId);
  return limit === undefined ? ordered : ordered.slice(0, limit);
}

/** Share of the items that are not in a reference re-send pair whose story holds any other item. */
function joinedRate(ids: readonly string[], storyOf: ReadonlyMap<string, string>, resent: ReadonlySet<string>): { standalone: number; joined: number; rate: number } {
  const size = new Map<string, number>();
  for (const story of storyOf.values()) size.set(story, (size.get(story) ?? 0) + 1);
  const standalone = ids.filter((id) => !resent.has(id));
  const joined = standalone.filter((id) => (size.get(storyOf.get(id)!) ?? 0) > 1).length;
  return { standalone: standalone.length, joined, rate: ratio(joined, standalone.length) };
}

export async function evaluateReuters(dir: string, background?: TermStatistics, sampleJoins = 0, limit?: number): Promise<ReutersReport> {
  const started = performance.now();
  const documents = reutersInTimeOrder(await readReuters(dir), limit);
  const { routed, regrouping } = await routeAll(
    documents.map((d) => ({ id: String(d.newId), article: d.article })),
    inMemoryDedupeIndex(background ? { backgroundStatistics: background } : {}),
  );
  const storyOf = new Map(routed.map((r) => [r.id, r.storyId]));
  const sameStory = (pairs: readonly ItemPair[]): number => pairs.filter(([a, b]) => storyOf.get(a) === storyOf.get(b)).length;
  const reference = reutersReference(documents);
  const links = (kind: 'near-duplicate' | 'same-event'): ItemPair[] =>
    routed.flatMap((r) => (r.decision.kind === kind ? [[r.id, r.decision.of.providerItemId] as const] : []));
  const allReference = new Set([...reference.exactResends, ...reference.editedResends].map(pairKey));
  const resent = new Set([...reference.exactResends, ...reference.editedResends].flat());
  const sameEvent = links('same-event');
  const exactSame = sameStory(reference.exactResends);
  const editedSame = sameStory(reference.editedResends);
  const joined = joinedRate(routed.map((r) => r.id), storyOf, resent);
  const secondHalf = joinedRate(routed.slice(Math.floor(routed.length / 2)).map((r) => r.id), storyOf, resent);
  return {
    items: documents.length,
    ...(limit === undefined ? {} : { limit }),
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
    joinedRate: joined.rate,
    joinedRateSecondHalf: secondHalf.rate,
    standaloneItems: joined.standalone,
    ...(sampleJoins > 0 ? { sampledJoins: sampleOfJoins(routed, documents, sampleJoins) } : {}),
    referenceRule: REUTERS_REFERENCE_RULE,
    idf: background ? BACKGROUND_IDF : COLD_IDF,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** A same-event join of the Reuters run, to read: the joined item, the item it matched, and why. */
export interface SampledJoin {
  item: string;
  of: string;
  headline: string;
  ofHeadline: string;
  total: number;
  signals: Record<string, number>;
}

function sampleOfJoins(routed: readonly Routed[], documents: readonly ReutersDocument[], n: number): SampledJoin[] {
  const titleOf = new Map(documents.map((d) => [String(d.newId), d.title]));
  const joins = routed.flatMap((r) => (r.decision.kind === 'same-event' ? [{ id: r.id, decision: r.decision }] : []));
  return joins
    .sort((a, b) => murmur32(a.id, SAMPLE_SEED) - murmur32(b.id, SAMPLE_SEED) || (a.id < b.id ? -1 : 1))
    .slice(0, n)
    .map(({ id, decision }) => ({
      item: id,
      of: decision.of.providerItemId,
      headline: titleOf.get(id) ?? '',
      ofHeadline: titleOf.get(decision.of.providerItemId) ?? '',
      total: decision.evidence.total,
      signals: Object.fromEntries(decision.evidence.signals.map((s) => [s.name, s.score])),
    }));
}

export interface MixedReport {
  stream: string;
  ecbplusDocuments: number;
  reutersItems: number;
  ecbplus: { bCubed: PrecisionRecall; goldStories: number; predictedStories: number };
  /** share of the stand-alone Reuters items (not in a reference re-send pair) whose story holds any other item */
  reutersJoinedRate: number;
  reutersStandalone: number;
  /** Reuters items routed into a story with an ECB+ document, or the reverse: joins across the two corpora */
  crossCorpusJoins: number;
  regrouping: RegroupingCounts;
  idf: string;
  elapsedMs: number;
}

export async function evaluateMixed(ecbplusDir: string, reutersDir: string, background?: TermStatistics, limit?: number): Promise<MixedReport> {
  const started = performance.now();
  const reuters = reutersInTimeOrder(await readReuters(reutersDir), limit);
  const ecbplus = await readEcbPlus(ecbplusDir);
  const first = reuters[0]!.article.versioncreated;
  const last = reuters[reuters.length - 1]!.article.versioncreated;
  const topics = [...new Set(ecbplus.map((d) => d.topic))].sort();
  const placed = ecbplus.map((d) => {
    const point = first + ((last - first) * (topics.indexOf(d.topic) + 0.5)) / topics.length;
    const offset = (murmur32(d.docName, FIXED_ORDER_SEED) / 0xffffffff) * 3 * 86_400_000;
    return { id: `ecb:${d.docName}`, article: { ...d.article, versioncreated: Math.round(point + offset) }, gold: d.goldStory };
  });
  const stream = [...reuters.map((d) => ({ id: String(d.newId), article: d.article })), ...placed].sort(
    (a, b) => a.article.versioncreated - b.article.versioncreated || (a.id < b.id ? -1 : 1),
  );
  const { routed, regrouping } = await routeAll(stream, inMemoryDedupeIndex(background ? { backgroundStatistics: background } : {}));
  const storyOf = new Map(routed.map((r) => [r.id, r.storyId]));
  const predicted = placed.map((d) => storyOf.get(d.id)!);
  const reference = reutersReference(reuters);
  const resent = new Set([...reference.exactResends, ...reference.editedResends].flat());
  const reutersIds = reuters.map((d) => String(d.newId));
  const reutersStories = new Set(reutersIds.map((id) => storyOf.get(id)));
  const reutersOnly = new Map(reutersIds.map((id) => [id, storyOf.get(id)!]));
  const joined = joinedRate(reutersIds, reutersOnly, resent);
  const ecbStories = new Set(predicted);
  const crossCorpusJoins = [...ecbStories].filter((story) => reutersStories.has(story)).length;
  // An item joined only to ECB+ copy counts as joined too.
  const reutersPerStory = new Map<string, number>();
  for (const story of reutersOnly.values()) reutersPerStory.set(story, (reutersPerStory.get(story) ?? 0) + 1);
  const joinedToEcb = reutersIds.filter((id) => !resent.has(id) && ecbStories.has(storyOf.get(id)!) && reutersPerStory.get(storyOf.get(id)!) === 1).length;
  return {
    stream: MIXED_STREAM,
    ecbplusDocuments: placed.length,
    reutersItems: reuters.length,
    ecbplus: { bCubed: bCubed(placed.map((d) => d.gold), predicted), goldStories: new Set(placed.map((d) => d.gold)).size, predictedStories: ecbStories.size },
    reutersJoinedRate: ratio(joined.joined + joinedToEcb, joined.standalone),
    reutersStandalone: joined.standalone,
    crossCorpusJoins,
    regrouping,
    idf: background ? BACKGROUND_IDF : COLD_IDF,
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
const regroupings = (r: RegroupingCounts): string => `regroupings ${r.regroupings} (items moved ${r.moves}, stories merged ${r.merges}, oscillations ${r.oscillations})`;

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
    const cv = e.crossValidation;
    if (cv) {
      lines.push(
        `  cross-validation over ${cv.folds} topic folds (same-event threshold and weighting fitted on the other folds, thresholds ${cv.grid.thresholds.join(', ')} × weightings ${cv.grid.weightings.join(', ')}): held-out B³-F1 mean ${pct(cv.heldOutMeanF1)}` +
          `  (folds ${cv.heldOut.map((f) => `${pct(f.f1)} at ${f.threshold} ${f.weighting}`).join(', ')}); in-sample best ${pct(cv.inSample.f1)} at ${cv.inSample.threshold} ${cv.inSample.weighting}`,
      );
    }
    const ceiling = e.signalCeiling;
    if (ceiling) {
      const folds = (c: typeof ceiling.fitted) => `held-out B³-F1 mean ${pct(c.heldOutMeanF1)} (folds ${c.heldOut.map((f) => `${pct(f.f1)} at ${f.threshold}`).join(', ')})`;
      lines.push(
        `  ceiling of the pair signals, every document at hand (${ceiling.pairs} pairs; ${ceiling.method}): fitted model ${folds(ceiling.fitted)}; router's pair score ${folds(ceiling.routerPairScore)}`,
      );
    }
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
      `  joined: ${pct(r.joinedRate)} of the ${r.standaloneItems} items outside reference re-send pairs share a story with another item (second half of the timeline: ${pct(r.joinedRateSecondHalf)})`,
      `  decisions: ${decisions(r.decisions)}; ${regroupings(r.regrouping)}`,
      `  reference: ${r.referenceRule}`,
      `  IDF: ${r.idf}`,
    );
    if (r.limit !== undefined) lines.push(`  (a slice: the first ${r.limit} items in time order)`);
    for (const j of r.sampledJoins ?? []) {
      lines.push(`  join ${j.item} → ${j.of}  total ${j.total}  ${Object.entries(j.signals).map(([k, v]) => `${k} ${v}`).join(', ')}`, `    ${j.headline}`, `    ${j.ofHeadline}`);
    }
  }
  if (report.mixed) {
    const m = report.mixed;
    lines.push(
      `Mixed stream: ${m.ecbplusDocuments} ECB+ documents in ${m.reutersItems} Reuters-21578 items (${m.elapsedMs} ms)`,
      `  ECB+ B³  precision ${pct(m.ecbplus.bCubed.precision)}  recall ${pct(m.ecbplus.bCubed.recall)}  F1 ${pct(m.ecbplus.bCubed.f1)}  (${m.ecbplus.goldStories} gold, ${m.ecbplus.predictedStories} predicted stories)`,
      `  Reuters joined rate ${pct(m.reutersJoinedRate)} of ${m.reutersStandalone} stand-alone items; stories mixing the corpora ${m.crossCorpusJoins}; ${regroupings(m.regrouping)}`,
      `  stream: ${m.stream}`,
      `  IDF: ${m.idf}`,
    );
  }
  return lines.join('\n');
}
