import { spansFromBio } from '../../enrich/entities/bio-spans.ts';

export const NER_TYPES = ['PER', 'ORG', 'LOC'] as const;
export type NerType = (typeof NER_TYPES)[number];

export interface PrfCounts {
  truePositives: number;
  gold: number;
  predicted: number;
}

export interface Prf extends PrfCounts {
  precision: number;
  recall: number;
  f1: number;
}

export function prf({ truePositives, gold, predicted }: PrfCounts): Prf {
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = gold === 0 ? 0 : truePositives / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, gold, predicted, precision, recall, f1 };
}

/** Exact-span matching per type: a predicted span counts only if its type, start and end all agree. */
export function countSpans(goldTags: readonly string[], predictedTags: readonly string[], into: Record<NerType, PrfCounts>): void {
  const keyOf = (s: { type: string; start: number; end: number }): string => `${s.type}:${s.start}:${s.end}`;
  const gold = spansFromBio(goldTags).filter((s) => (NER_TYPES as readonly string[]).includes(s.type));
  const predicted = spansFromBio(predictedTags).filter((s) => (NER_TYPES as readonly string[]).includes(s.type));
  const goldKeys = new Set(gold.map(keyOf));
  for (const s of gold) into[s.type as NerType].gold += 1;
  for (const s of predicted) {
    const counts = into[s.type as NerType];
    counts.predicted += 1;
    if (goldKeys.has(keyOf(s))) counts.truePositives += 1;
  }
}
