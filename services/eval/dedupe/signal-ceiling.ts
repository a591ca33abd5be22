import type { ClusterItem } from '../../dedupe/event-clustering.ts';
import { pairScores, pairSignals } from '../../dedupe/event-clustering.ts';
import { fingerprintArticle } from '../../dedupe/fingerprint.ts';
import { itemVectors } from '../../dedupe/item-vectors.ts';
import type { SignalName } from '../../dedupe/similarity.ts';
import { signalScore } from '../../dedupe/similarity.ts';
import type { TermStatistics } from '../../dedupe/term-statistics.ts';
import type { EcbPlusDocument } from './ecbplus-reader.ts';
import { fitLogistic, predictLogistic } from './logistic-regression.ts';
import { bCubed } from './metrics.ts';
import { clusterLabels } from './retrospective-clustering.ts';

/** The pair signals the router computes for two items; each is a feature with a flag for its absence. */
export const PAIR_FEATURES: readonly SignalName[] = [
  'minhash-jaccard',
  'containment',
  'title',
  'content',
  'entities',
  'happening',
  'numbers',
  'quantities',
  'years',
  'weekday',
  'months',
  'event-date',
  'place',
  'companies',
  'subjects',
];

/** Clustering thresholds the folds choose from: on the fitted probability, and on the router's own pair score. */
export const PROBABILITY_GRID = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7] as const;
export const PAIR_SCORE_GRID = [0.25, 0.3, 0.35, 0.4, 0.45] as const;

export interface HeldOutClustering {
  heldOut: Array<{ topics: string[]; threshold: number; f1: number }>;
  heldOutMeanF1: number;
}

/**
 * How far the router's evidence can go, whatever rules weigh it: every document clustered after the fact
 * (average linkage, as `clusterRetrospectively`), on the pair scores of a logistic model over all the
 * pair signals, fitted on the other folds' topics with its clustering threshold; beside it the router's
 * own pair score, its threshold fitted the same way. Not the router: an upper reference for rules over
 * these signals, since the router decides as copy arrives and sees a neighbourhood, not every document.
 */
export interface SignalCeiling {
  method: string;
  pairs: number;
  fitted: HeldOutClustering;
  routerPairScore: HeldOutClustering;
}

export const SIGNAL_CEILING_METHOD =
  `each fold's topics clustered at once (average linkage), on P(one event) of a logistic model (L2, C = 1) over ${PAIR_FEATURES.length} pair signals and their absence, ` +
  `fitted on the pairs of the other folds' documents; the clustering threshold (probability ${PROBABILITY_GRID.join(', ')}; router pair score ${PAIR_SCORE_GRID.join(', ')}) is the best B³-F1 on the other folds' documents`;

/** ECB+ documents as the router scores them: fingerprints with their vectors, and the router's own pair-score matrix. */
export interface ScoredDocuments {
  documents: readonly EcbPlusDocument[];
  items: readonly Required<ClusterItem>[];
  routerScores: readonly Float64Array[];
}

export function scoreDocuments(documents: readonly EcbPlusDocument[], stats: TermStatistics): ScoredDocuments {
  const items = documents.map((d) => {
    const fingerprint = fingerprintArticle(d.article);
    return { fingerprint, vectors: itemVectors(fingerprint, stats) };
  });
  return { documents, items, routerScores: pairScores(items, stats) };
}

/** `foldDocs`: the cross-validation's topic folds, each in its stream order (the order the clustering sees them in). */
export function signalCeiling(scored: ScoredDocuments, foldDocs: ReadonlyArray<readonly EcbPlusDocument[]>, stats: TermStatistics): SignalCeiling {
  const { documents, items, routerScores } = scored;
  const n = documents.length;
  const features: number[][][] = documents.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) features[i]![j] = pairFeatures(pairSignals(items[i]!.fingerprint, items[j]!.fingerprint, stats, items[i]!.vectors, items[j]!.vectors));
  }
  const featuresOf = (i: number, j: number) => features[Math.min(i, j)]![Math.max(i, j)]!;
  const indexOf = new Map(documents.map((d, i) => [d, i]));
  const indicesOf = (docs: readonly EcbPlusDocument[]) => docs.map((d) => indexOf.get(d)!);
  const fittedFolds: HeldOutClustering['heldOut'] = [];
  const routerFolds: HeldOutClustering['heldOut'] = [];
  foldDocs.forEach((docs, fold) => {
    const train = indicesOf(foldDocs.filter((_, f) => f !== fold).flat());
    const test = indicesOf(docs);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (const [a, i] of train.entries()) {
      for (const j of train.slice(a + 1)) {
        rows.push(featuresOf(i, j));
        labels.push(documents[i]!.goldStory === documents[j]!.goldStory ? 1 : 0);
      }
    }
    const model = fitLogistic(rows, labels);
    const topics = [...new Set(docs.map((d) => d.topic))];
    fittedFolds.push({ topics, ...heldOutFigure(documents, train, test, (i, j) => predictLogistic(model, featuresOf(i, j)), PROBABILITY_GRID) });
    routerFolds.push({ topics, ...heldOutFigure(documents, train, test, (i, j) => routerScores[i]![j]!, PAIR_SCORE_GRID) });
  });
  return { method: SIGNAL_CEILING_METHOD, pairs: (n * (n - 1)) / 2, fitted: summary(fittedFolds), routerPairScore: summary(routerFolds) };
}

/** The threshold with the best B³-F1 on the training documents, and the test documents' B³-F1 at it. */
function heldOutFigure(
  documents: readonly EcbPlusDocument[],
  train: readonly number[],
  test: readonly number[],
  score: (i: number, j: number) => number,
  grid: readonly number[],
): { threshold: number; f1: number } {
  const clusteringOf = (indices: readonly number[]) => {
    const matrix = indices.map((i) => Float64Array.from(indices, (j) => (i === j ? 0 : score(i, j))));
    const gold = indices.map((i) => documents[i]!.goldStory);
    return (threshold: number) => bCubed(gold, clusterLabels(matrix, threshold).map(String)).f1;
  };
  const onTrain = clusteringOf(train);
  const f1s = grid.map(onTrain);
  const threshold = grid[f1s.indexOf(Math.max(...f1s))]!;
  return { threshold, f1: clusteringOf(test)(threshold) };
}

function pairFeatures(scores: Parameters<typeof signalScore>[0]): number[] {
  return PAIR_FEATURES.flatMap((name) => {
    const score = signalScore(scores, name);
    return score === undefined ? [0, 1] : [score, 0];
  });
}

function summary(heldOut: HeldOutClustering['heldOut']): HeldOutClustering {
  return { heldOut, heldOutMeanF1: heldOut.reduce((sum, f) => sum + f.f1, 0) / heldOut.length };
}
