/** Word clusters learned from unlabelled text (build-word-clusters.ts): a word's fine and coarse cluster. */
export interface WordClustersFile {
  format: 'storyline-word-clusters/1';
  words: number;
  /** lower-cased word → [fine cluster, coarse cluster] */
  clusters: Record<string, [number, number]>;
}

/**
 * Brown clusters (build-brown-clusters.ts): a binary tree over the words, each leaf's path from the root
 * stored as an integer whose lowest bit is the first step, so that `path & (2^k − 1)` is the word's
 * ancestor k steps down. Words are grouped by leaf.
 */
export interface BrownClustersFile {
  format: 'storyline-brown-clusters/1';
  /** where the paths come from, with its licence */
  source: string;
  words: number;
  /** the ancestors taken as coarser clusters, by depth: the first is the coarse one, the others finer */
  prefixBits: number[];
  /** leaf path → its lower-cased words, space-separated */
  leaves: Record<string, string>;
}

/**
 * A word's cluster at each level: fine, coarse, then any further levels. Hierarchical (Brown) clusters
 * have three or more, and describe the neighbours by their coarse cluster too.
 */
export type ClusterLevels = readonly [string, string, ...string[]];
export type WordClusters = ReadonlyMap<string, ClusterLevels>;

export function decodeWordClusters(file: WordClustersFile | BrownClustersFile): WordClusters {
  if (file.format === 'storyline-brown-clusters/1') return decodeBrownClusters(file);
  if (file.format !== 'storyline-word-clusters/1') throw new Error(`unknown word-cluster format ${String((file as { format: unknown }).format)}`);
  return new Map(Object.entries(file.clusters).map(([word, [fine, coarse]]) => [word, [String(fine), String(coarse)] as const]));
}

function decodeBrownClusters(file: BrownClustersFile): WordClusters {
  const [coarseBits, ...finerBits] = file.prefixBits;
  if (coarseBits === undefined || finerBits.length === 0) throw new Error('Brown clusters need a coarse and at least one finer prefix');
  const clusters = new Map<string, ClusterLevels>();
  for (const [leaf, words] of Object.entries(file.leaves)) {
    const path = Number(leaf);
    const levels: ClusterLevels = [leaf, String(path & ancestorMask(coarseBits)), ...finerBits.map((bits) => String(path & ancestorMask(bits)))];
    for (const word of words.split(' ')) clusters.set(word, levels);
  }
  return clusters;
}

const ancestorMask = (bits: number): number => 2 ** bits - 1;
