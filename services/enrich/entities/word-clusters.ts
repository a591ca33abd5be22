/** Word clusters learned from unlabelled text (build-word-clusters.ts): a word's fine and coarse cluster. */
export interface WordClustersFile {
  format: 'storyline-word-clusters/1';
  words: number;
  /** lower-cased word → [fine cluster, coarse cluster] */
  clusters: Record<string, [number, number]>;
}

export type WordClusters = ReadonlyMap<string, readonly [string, string]>;

export function decodeWordClusters(file: WordClustersFile): WordClusters {
  if (file.format !== 'storyline-word-clusters/1') throw new Error(`unknown word-cluster format ${String(file.format)}`);
  return new Map(Object.entries(file.clusters).map(([word, [fine, coarse]]) => [word, [String(fine), String(coarse)] as const]));
}
