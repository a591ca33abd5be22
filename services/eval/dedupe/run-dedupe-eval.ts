import { InMemoryCandidateIndex } from '../../dedupe/stored-candidate-index.ts';
import type { DedupeArticle } from '../../dedupe/fingerprint.ts';
import { fingerprintArticle } from '../../dedupe/fingerprint.ts';
import type { TermStatistics } from '../../dedupe/similarity.ts';
import { murmur32 } from '../../dedupe/hashing.ts';
import type { DecisionKind, DedupeDecision } from '../../dedupe/match-policy.ts';
import { routeArticle } from '../../dedupe/router-core.ts';
import { readEcbPlus } from './ecbplus-reader.ts';
import type { PairSetScores, PairwiseScores, PrecisionRecall } from './metrics.ts';
import { bCubed, pairKey, pairSetScores, pairwise } from './metrics.ts';
import { readReuters } from './reuters-reader.ts';
import type { ItemPair } from './reuters-reference.ts';
import { EDITED_RESEND_RULE, reutersReference } from './reuters-reference.ts';

export interface DedupeEvalOptions {
  ecbplus?: string;
  reuters?: string;
}

export type DecisionCounts = Record<DecisionKind, number>;

export interface EcbPlusReport {
  documents: number;
  goldStories: number;
  predictedStories: number;
  bCubed: PrecisionRecall;
  pairwise: PairwiseScores;
  decisions: DecisionCounts;
  order: string;
  /** how the index's document frequencies (IDF) were seeded */
  idf: string;
  elapsedMs: number;
}

export interface ReutersReport {
  items: number;
  decisions: DecisionCounts;
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
  'documents interleaved across topics in a fixed pseudo-random order (murmur3 of the file name), as a mixed wire stream would deliver them';

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
  if (options.ecbplus) report.ecbplus = await evaluateEcbPlus(options.ecbplus);
  if (options.reuters) report.reuters = await evaluateReuters(options.reuters);
  return report;
}

interface Routed {
  id: string;
  storyId: string;
  decision: DedupeDecision;
}

async function routeAll(items: ReadonlyArray<{ id: string; article: DedupeArticle }>, index: InMemoryCandidateIndex): Promise<Routed[]> {
  const routed: Routed[] = [];
  for (const { id, article } of items) {
    const { storyId, decision } = await routeArticle(article, index);
    routed.push({ id, storyId, decision });
  }
  return routed;
}

export async function evaluateEcbPlus(dir: string): Promise<EcbPlusReport> {
  const started = performance.now();
  const documents = await readEcbPlus(dir);
  const ordered = [...documents].sort(
    (a, b) => murmur32(a.docName, 7) - murmur32(b.docName, 7) || (a.docName < b.docName ? -1 : 1),
  );
  const articles = ordered.map((d) => ({ id: d.docName, article: d.article }));
  const routed = await routeAll(articles, new InMemoryCandidateIndex({ backgroundStatistics: corpusStatistics(articles) }));
  const gold = ordered.map((d) => d.goldStory);
  const predicted = routed.map((r) => r.storyId);
  return {
    documents: documents.length,
    goldStories: new Set(gold).size,
    predictedStories: new Set(predicted).size,
    bCubed: bCubed(gold, predicted),
    pairwise: pairwise(gold, predicted),
    decisions: countDecisions(routed),
    order: ECBPLUS_ORDER,
    idf: ECBPLUS_IDF,
    elapsedMs: Math.round(performance.now() - started),
  };
}

export async function evaluateReuters(dir: string): Promise<ReutersReport> {
  const started = performance.now();
  const documents = await readReuters(dir);
  const ordered = [...documents].sort((a, b) => a.article.versioncreated - b.article.versioncreated || a.newId - b.newId);
  const routed = await routeAll(
    ordered.map((d) => ({ id: String(d.newId), article: d.article })),
    new InMemoryCandidateIndex(),
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
      `  decisions: ${decisions(e.decisions)}`,
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
      `  decisions: ${decisions(r.decisions)}`,
      `  reference: ${r.referenceRule}`,
      `  IDF: ${r.idf}`,
    );
  }
  return lines.join('\n');
}
