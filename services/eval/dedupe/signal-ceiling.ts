import { clusterEvents, pairScores, pairSignals } from '../../dedupe/event-clustering.ts';
import { fingerprintArticle } from '../../dedupe/fingerprint.ts';
import { itemVectors } from '../../dedupe/item-vectors.ts';
import type { SignalName } from '../../dedupe/similarity.ts';
import { signalScore } from '../../dedupe/similarity.ts';
import type { TermStatistics } from '../../dedupe/term-statistics.ts';
import type { EcbPlusDocument } from './ecbplus-reader.ts';
import { fitLogistic, predictLogistic } from './logistic-regression.ts';
import { bCubed } from './metrics.ts';

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

export function signalCeiling(foldDocs: readonly (readonly EcbPlusDocument[])[], stats: TermStatistics): SignalCeiling {
  const documents = foldDocs.flat();
  const foldOf = new Map<EcbPlusDocument, number>();
  foldDocs.forEach((docs, fold) => docs.forEach((d) => foldOf.set(d, fold)));
  const fingerprints = documents.map((d) => fingerprintArticle(d.article));
  const vectors = fingerprints.map((fp) => itemVectors(fp, stats));
  const n = documents.length;
  const features: number[][][] = documents.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) features[i]![j] = pairFeatures(pairSignals(fingerprints[i]!, fingerprints[j]!, stats, vectors[i], vectors[j]));
  }
  const routerScores = pairScores(fingerprints.map((fingerprint, i) => ({ fingerprint, vectors: vectors[i]! })), stats);
  const indicesOf = (keep: (fold: number) => boolean): number[] => documents.flatMap((d, i) => (keep(foldOf.get(d)!) ? [i] : []));

  const fittedFolds: HeldOutClustering['heldOut'] = [];
  const routerFolds: HeldOutClustering['heldOut'] = [];
  foldDocs.forEach((docs, fold) => {
    const train = indicesOf((f) => f !== fold);
    const test = indicesOf((f) => f === fold);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (const [a, i] of train.entries()) {
      for (const j of train.slice(a + 1)) {
        rows.push(features[Math.min(i, j)]![Math.max(i, j)]!);
        labels.push(documents[i]!.goldStory === documents[j]!.goldStory ? 1 : 0);
      }
    }
    const model = fitLogistic(rows, labels);
    const probability = (i: number, j: number) => predictLogistic(model, features[Math.min(i, j)]![Math.max(i, j)]!);
    const topics = [...new Set(docs.map((d) => d.topic))];
    fittedFolds.push({ topics, ...heldOutFigure(documents, train, test, probability, PROBABILITY_GRID) });
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
  const f1At = (indices: readonly number[], threshold: number) => {
    const matrix = indices.map((i) => Float64Array.from(indices, (j) => (i === j ? 0 : score(i, j))));
    const clusterOf = new Array<string>(indices.length);
    clusterEvents(matrix, threshold).forEach((members, c) => members.forEach((k) => (clusterOf[k] = String(c))));
    return bCubed(indices.map((i) => documents[i]!.goldStory), clusterOf).f1;
  };
  const onTrain = grid.map((threshold) => f1At(train, threshold));
  const threshold = grid[onTrain.indexOf(Math.max(...onTrain))]!;
  return { threshold, f1: f1At(test, threshold) };
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
