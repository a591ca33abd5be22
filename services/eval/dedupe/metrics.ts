export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * B³ (Bagga & Baldwin 1998): for every item, precision = share of its predicted cluster that is in
 * its gold cluster, recall = share of its gold cluster that is in its predicted cluster; averaged
 * over items. `gold[i]` and `predicted[i]` are the cluster labels of item i.
 */
export function bCubed(gold: readonly string[], predicted: readonly string[]): PrecisionRecall {
  assertSameLength(gold, predicted);
  if (gold.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const joint = countBy(gold.map((g, i) => `${g}\u0000${predicted[i]}`));
  const goldSizes = countBy(gold);
  const predictedSizes = countBy(predicted);
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < gold.length; i++) {
    const both = joint.get(`${gold[i]}\u0000${predicted[i]}`)!;
    precision += both / predictedSizes.get(predicted[i]!)!;
    recall += both / goldSizes.get(gold[i]!)!;
  }
  precision /= gold.length;
  recall /= gold.length;
  return { precision, recall, f1: f1(precision, recall) };
}

export interface PairwiseScores extends PrecisionRecall {
  goldPairs: number;
  predictedPairs: number;
  truePairs: number;
}

/** Over all unordered item pairs: a pair is positive when both items share a cluster. */
export function pairwise(gold: readonly string[], predicted: readonly string[]): PairwiseScores {
  assertSameLength(gold, predicted);
  const pairs = (sizes: Iterable<number>): number => [...sizes].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const goldPairs = pairs(countBy(gold).values());
  const predictedPairs = pairs(countBy(predicted).values());
  const truePairs = pairs(countBy(gold.map((g, i) => `${g}\u0000${predicted[i]}`)).values());
  const precision = predictedPairs === 0 ? 1 : truePairs / predictedPairs;
  const recall = goldPairs === 0 ? 1 : truePairs / goldPairs;
  return { precision, recall, f1: f1(precision, recall), goldPairs, predictedPairs, truePairs };
}

export interface PairSetScores extends PrecisionRecall {
  reference: number;
  predicted: number;
  matched: number;
}

/** Precision/recall of a set of predicted item pairs against reference pairs (unordered). */
export function pairSetScores(
  reference: ReadonlyArray<readonly [string, string]>,
  predicted: ReadonlyArray<readonly [string, string]>,
): PairSetScores {
  const referenceKeys = new Set(reference.map(pairKey));
  const predictedKeys = new Set(predicted.map(pairKey));
  let matched = 0;
  for (const key of predictedKeys) if (referenceKeys.has(key)) matched++;
  const precision = predictedKeys.size === 0 ? 1 : matched / predictedKeys.size;
  const recall = referenceKeys.size === 0 ? 1 : matched / referenceKeys.size;
  return { precision, recall, f1: f1(precision, recall), reference: referenceKeys.size, predicted: predictedKeys.size, matched };
}

export function pairKey([a, b]: readonly [string, string]): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function assertSameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new Error(`label arrays differ in length: ${a.length} vs ${b.length}`);
}
