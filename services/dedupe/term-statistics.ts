/**
 * Document frequencies: how common a word or name is in news copy. The candidate index keeps them for
 * its window (and may start from a shipped background model); absent = uniform weights.
 */
export interface TermStatistics {
  documentCount: number;
  documentFrequency: Readonly<Record<string, number>>;
}

export function inverseDocumentFrequency(term: string, stats: TermStatistics | undefined): number {
  if (!stats) return 1;
  const df = stats.documentFrequency[term] ?? 0;
  return Math.log((stats.documentCount + 1) / (df + 1)) + 1;
}
