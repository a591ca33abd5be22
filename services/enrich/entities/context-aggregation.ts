import { startsUpper } from './name-lexicon.ts';

const BOUNDARY = '<s>';

/**
 * For each capitalised word, the words found just before and just after it anywhere in the document
 * (lower-cased): `Pirelli` borrows the `SpA` and `shares` of its other mentions wherever it stands alone.
 */
export function contextAggregationFeatures(sentences: ReadonlyArray<readonly string[]>): string[][][] {
  const contexts = new Map<string, Set<string>>();
  for (const words of sentences) {
    words.forEach((word, i) => {
      if (!startsUpper(word)) return;
      const key = word.toLowerCase();
      const seen = contexts.get(key) ?? new Set<string>();
      seen.add(`agg-1=${words[i - 1]?.toLowerCase() ?? BOUNDARY}`);
      seen.add(`agg+1=${words[i + 1]?.toLowerCase() ?? BOUNDARY}`);
      contexts.set(key, seen);
    });
  }
  return sentences.map((words) => words.map((word) => (startsUpper(word) ? [...(contexts.get(word.toLowerCase()) ?? [])] : [])));
}
