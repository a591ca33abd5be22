/**
 * Word clusters for the English tagger, from unlabelled text only: the tokens of CoNLL-2003 eng.train (its
 * tags unread) and the Reuters-21578 titles and bodies (1987; no CoNLL text). Each word seen at least
 * `--min-count` times is described by the words to its left and right (the most frequent words, others by
 * shape), weighted by positive PMI; spherical k-means groups them into `--k` clusters, and the centroids
 * into `--coarse` broader ones. Deterministic for a seed.
 *   npx tsx services/enrich/training/build-word-clusters.ts --conll ../shared/data/conll2003/eng.train \
 *     --reuters ../shared/data/reuters21578/sgm-data --out services/enrich/models/word-clusters-en.json.gz
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseConll } from '../../eval/enrich/conll-reader.ts';
import { parseReutersSgml } from '../../eval/enrich/reuters-reader.ts';
import { shortShape } from '../entities/features.ts';
import type { WordClustersFile } from '../entities/word-clusters.ts';
import { tokenize } from '../tokenize.ts';
import { argValue, seededRandom, shuffleInPlace } from './seeded-random.ts';

export interface ClusterOptions {
  minCount: number;
  contextWords: number;
  k: number;
  coarse: number;
  iterations: number;
  seed: number;
}

type Sparse = { index: Int32Array; value: Float32Array };

function normalise(value: Float32Array): void {
  let norm = 0;
  for (const v of value) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < value.length; i += 1) value[i] = (value[i] ?? 0) / norm;
}

/** Spherical k-means over sparse unit vectors; returns each vector's cluster and the centroids. */
function kmeans(vectors: readonly Sparse[], dims: number, k: number, iterations: number, random: () => number): { assignment: Int32Array; centroids: Float32Array[] } {
  const seeds = shuffleInPlace(vectors.map((_, i) => i), random).slice(0, k);
  let centroids = seeds.map((i) => {
    const c = new Float32Array(dims);
    const v = vectors[i];
    if (v) v.index.forEach((d, j) => (c[d] = v.value[j] ?? 0));
    return c;
  });
  const assignment = new Int32Array(vectors.length);
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    vectors.forEach((v, i) => {
      let best = 0;
      let bestScore = -Infinity;
      centroids.forEach((c, ci) => {
        let s = 0;
        for (let j = 0; j < v.index.length; j += 1) s += (v.value[j] ?? 0) * (c[v.index[j] ?? 0] ?? 0);
        if (s > bestScore) {
          bestScore = s;
          best = ci;
        }
      });
      assignment[i] = best;
    });
    const next = centroids.map(() => new Float32Array(dims));
    vectors.forEach((v, i) => {
      const c = next[assignment[i] ?? 0];
      if (c) for (let j = 0; j < v.index.length; j += 1) c[v.index[j] ?? 0] = (c[v.index[j] ?? 0] ?? 0) + (v.value[j] ?? 0);
    });
    // An emptied cluster keeps its old centroid.
    next.forEach((c, ci) => (c.some((x) => x !== 0) ? normalise(c) : c.set(centroids[ci] ?? c)));
    centroids = next;
  }
  return { assignment, centroids };
}

export function buildWordClusters(sentences: Iterable<readonly string[]>, options: ClusterOptions): WordClustersFile {
  const corpus: string[][] = [];
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    corpus.push([...sentence]);
    for (const w of sentence) counts.set(w.toLowerCase(), (counts.get(w.toLowerCase()) ?? 0) + 1);
  }
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const vocabulary = byFrequency.filter(([, n]) => n >= options.minCount).map(([w]) => w);
  const wordId = new Map(vocabulary.map((w, i) => [w, i]));
  const contextId = new Map<string, number>(byFrequency.slice(0, options.contextWords).map(([w], i) => [w, i]));
  const contextOf = (word: string | undefined): number => {
    const key = word === undefined ? '<s>' : (contextId.has(word.toLowerCase()) ? word.toLowerCase() : `#${shortShape(word)}`);
    let id = contextId.get(key);
    if (id === undefined) {
      id = contextId.size;
      contextId.set(key, id);
    }
    return id;
  };
  const rows = vocabulary.map(() => new Map<number, number>());
  for (const sentence of corpus) {
    sentence.forEach((w, i) => {
      const row = rows[wordId.get(w.toLowerCase()) ?? -1];
      if (!row) return;
      const left = contextOf(sentence[i - 1]) * 2;
      const right = contextOf(sentence[i + 1]) * 2 + 1;
      row.set(left, (row.get(left) ?? 0) + 1);
      row.set(right, (row.get(right) ?? 0) + 1);
    });
  }
  const dims = contextId.size * 2;
  const columnTotals = new Float64Array(dims);
  let total = 0;
  for (const row of rows) for (const [d, n] of row) {
    columnTotals[d] = (columnTotals[d] ?? 0) + n;
    total += n;
  }
  const vectors: Sparse[] = rows.map((row) => {
    let rowTotal = 0;
    for (const n of row.values()) rowTotal += n;
    const entries = [...row].map(([d, n]) => [d, Math.log((n * total) / (rowTotal * (columnTotals[d] ?? 1)))] as const).filter(([, pmi]) => pmi > 0).sort((a, b) => a[0] - b[0]);
    const value = Float32Array.from(entries.map(([, pmi]) => pmi));
    normalise(value);
    return { index: Int32Array.from(entries.map(([d]) => d)), value };
  });
  const random = seededRandom(options.seed);
  const fine = kmeans(vectors, dims, options.k, options.iterations, random);
  const centroidVectors: Sparse[] = fine.centroids.map((c) => {
    const index = [...c.keys()].filter((d) => (c[d] ?? 0) !== 0);
    return { index: Int32Array.from(index), value: Float32Array.from(index.map((d) => c[d] ?? 0)) };
  });
  const coarse = kmeans(centroidVectors, dims, options.coarse, options.iterations, random);
  const clusters: Record<string, [number, number]> = {};
  vocabulary.forEach((w, i) => {
    const f = fine.assignment[i] ?? 0;
    clusters[w] = [f, coarse.assignment[f] ?? 0];
  });
  return { format: 'storyline-word-clusters/1', words: vocabulary.length, clusters };
}

/** The committed clusters' options (the command's defaults). */
export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { minCount: 5, contextWords: 300, k: 256, coarse: 32, iterations: 10, seed: 7 };

/** The unlabelled sentences: eng.train's tokens (tags unread), then Reuters-21578 titles and bodies, files in name order. */
export function* clusterCorpus(conllPath: string, reutersDir: string): Generator<string[]> {
  for (const doc of parseConll(readFileSync(conllPath, 'utf8'))) for (const s of doc.sentences) yield s.tokens;
  for (const file of readdirSync(reutersDir).filter((f) => f.endsWith('.sgm')).sort()) {
    for (const story of parseReutersSgml(readFileSync(join(reutersDir, file), 'latin1'))) {
      for (const paragraph of [story.title, ...story.body.split(/\n\s*\n|\.\s+(?=[A-Z])/)]) {
        const tokens = tokenize(paragraph).map((t) => t.text);
        if (tokens.length > 0) yield tokens;
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const started = Date.now();
  const option = (name: keyof ClusterOptions, flag: string): number => Number(argValue(args, flag) ?? DEFAULT_CLUSTER_OPTIONS[name]);
  const file = buildWordClusters(clusterCorpus(argValue(args, '--conll') ?? '../shared/data/conll2003/eng.train', argValue(args, '--reuters') ?? '../shared/data/reuters21578/sgm-data'), {
    minCount: option('minCount', '--min-count'),
    contextWords: option('contextWords', '--context-words'),
    k: option('k', '--k'),
    coarse: option('coarse', '--coarse'),
    iterations: option('iterations', '--iterations'),
    seed: option('seed', '--seed'),
  });
  const out = argValue(args, '--out') ?? 'services/enrich/models/word-clusters-en.json.gz';
  const bytes = gzipSync(JSON.stringify(file), { level: 9 });
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${file.words} words, ${bytes.length} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
