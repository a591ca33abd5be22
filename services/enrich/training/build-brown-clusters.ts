/**
 * Word clusters for the German tagger (BROWN_CLUSTER_LANGUAGES) from spaCy's Brown clusters (`<lang>_lexeme_cluster`
 * of the PyPI package spacy-lookups-data 1.0.5, MIT licence, © ExplosionAI GmbH; German: 1,000,000 words,
 * 750 leaves). Words are lower-cased, a word's most probable casing (`<lang>_lexeme_prob`) giving its
 * cluster, and unclustered words (path 0) left out. Only the clusters are read: no text.
 *   python3 -m pip download spacy-lookups-data==1.0.5 --no-deps -d /tmp/spacy-lookups
 *   unzip -o /tmp/spacy-lookups/spacy_lookups_data-1.0.5-py2.py3-none-any.whl 'spacy_lookups_data/data/*_lexeme_*' -d /tmp/spacy-lookups
 *   npx tsx services/enrich/training/build-brown-clusters.ts --lang de --lookups /tmp/spacy-lookups/spacy_lookups_data/data
 *   (writes services/enrich/models/word-clusters-de.json.gz)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { BrownClustersFile } from '../entities/word-clusters.ts';
import { BROWN_CLUSTER_LANGUAGES, brownClustersFile } from '../load-models.ts';
import { argValue } from './seeded-random.ts';

/** The coarse cluster 6 steps down the tree, a finer one 10 steps down: chosen by 5-fold cross-validation on GermEval (see README). */
export const BROWN_PREFIX_BITS = [6, 10];

export const spacyLookupsSource = (language: string): string => `spaCy Brown clusters (${language}_lexeme_cluster, spacy-lookups-data 1.0.5 on PyPI; MIT licence, © ExplosionAI GmbH)`;

/** Groups the words by leaf, lower-cased; where casings of one word differ, the more probable one's leaf wins. */
export function buildBrownClusters(paths: Readonly<Record<string, number>>, logProbabilities: Readonly<Record<string, number>>, source: string): BrownClustersFile {
  const probability = (word: string): number => logProbabilities[word] ?? Number.NEGATIVE_INFINITY;
  const byProbability = Object.keys(paths)
    .filter((word) => (paths[word] ?? 0) > 0 && !/\s/u.test(word))
    .sort((a, b) => probability(b) - probability(a) || (a < b ? -1 : a > b ? 1 : 0));
  const leafOf = new Map<string, number>();
  for (const word of byProbability) {
    const lower = word.toLowerCase();
    if (!leafOf.has(lower)) leafOf.set(lower, paths[word]!);
  }
  const leaves = new Map<number, string[]>();
  for (const [word, leaf] of leafOf) {
    const words = leaves.get(leaf);
    if (words) words.push(word);
    else leaves.set(leaf, [word]);
  }
  return {
    format: 'storyline-brown-clusters/1',
    source,
    words: leafOf.size,
    prefixBits: BROWN_PREFIX_BITS,
    leaves: Object.fromEntries([...leaves].sort(([a], [b]) => a - b).map(([leaf, words]) => [String(leaf), words.sort().join(' ')])),
  };
}

function readGzipRecord(path: string): Record<string, number> {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Record<string, number>;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const language = argValue(args, '--lang') ?? '';
  const lookups = argValue(args, '--lookups');
  if (!lookups || !BROWN_CLUSTER_LANGUAGES.includes(language)) throw new Error(`usage: build-brown-clusters.ts --lang ${BROWN_CLUSTER_LANGUAGES.join('|')} --lookups <spacy_lookups_data/data> [--out <file>]`);
  const out = argValue(args, '--out') ?? brownClustersFile(language);
  const file = buildBrownClusters(readGzipRecord(join(lookups, `${language}_lexeme_cluster.json.gz`)), readGzipRecord(join(lookups, `${language}_lexeme_prob.json.gz`)), spacyLookupsSource(language));
  writeFileSync(out, gzipSync(JSON.stringify(file), { level: 9 }));
  console.log(`${file.words.toLocaleString('en-US')} words in ${Object.keys(file.leaves).length} leaves → ${String(out)}`);
}
