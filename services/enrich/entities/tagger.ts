import { contextFeatures, documentStats, pairFeature, wordPairs, type PairTemplate, NEIGHBOUR_OFFSETS, neighbourFeatures, sentenceContext, wordFeatures, type DocumentStats, type NeighbourOffset } from './features.ts';
import type { NameLexicon } from './name-lexicon.ts';
import type { NerModel } from './ner-model.ts';

/** BIO tags over a sentence: an I-X may only follow B-X or I-X. */
export function allowed(prev: string, tag: string): boolean {
  return !tag.startsWith('I-') || prev.slice(2) === tag.slice(2);
}

/** Adds a two-part feature's row without building its name (the parts' hashes are cached on the strings). */
function addPair(model: NerModel, template: PairTemplate, a: string, b: string, scores: Float64Array): void {
  if (a.includes('|') || b.includes('|')) return addRow(model, pairFeature(template, a, b), scores);
  const row = model.pairs.get(template)?.get(a)?.get(b);
  if (!row) return;
  for (let t = 0; t < row.length; t += 1) scores[t] = (scores[t] ?? 0) + (row[t] ?? 0);
}

function addRow(model: NerModel, feature: string, scores: Float64Array): void {
  const row = model.weights.get(feature);
  if (!row) return;
  for (let t = 0; t < row.length; t += 1) scores[t] = (scores[t] ?? 0) + (row[t] ?? 0);
}

// Scores of features that depend on one word only (the word itself, or a neighbour at a fixed distance)
// are the same wherever the word occurs: computed once per model and word, as one block of five rows
// (as the word itself, then as the neighbour at -2, -1, +1, +2), so a token costs one cache lookup.
const ROLES: ReadonlyArray<0 | NeighbourOffset> = [0, ...NEIGHBOUR_OFFSETS];
const blockCache = new WeakMap<NerModel, { words: Map<string, Float64Array>; boundary: Float64Array }>();
const WORD_CACHE_LIMIT = 100_000;

function blockOf(model: NerModel, word: string | null): Float64Array {
  const n = model.tags.length;
  const block = new Float64Array(n * ROLES.length);
  ROLES.forEach((role, r) => {
    const scores = block.subarray(r * n, (r + 1) * n);
    const features = role === 0 ? (word === null ? [] : wordFeatures(word)) : neighbourFeatures(word, role);
    for (const feature of features) addRow(model, feature, scores);
  });
  return block;
}

function blocksFor(model: NerModel): { words: Map<string, Float64Array>; boundary: Float64Array } {
  let cache = blockCache.get(model);
  if (!cache) {
    cache = { words: new Map(), boundary: blockOf(model, null) };
    blockCache.set(model, cache);
  }
  return cache;
}

function wordBlock(model: NerModel, cache: Map<string, Float64Array>, word: string): Float64Array {
  let block = cache.get(word);
  if (!block) {
    block = blockOf(model, word);
    if (cache.size >= WORD_CACHE_LIMIT) cache.clear();
    cache.set(word, block);
  }
  return block;
}

function addBlockRow(into: Float64Array, block: Float64Array, role: number, n: number): void {
  const offset = role * n;
  for (let t = 0; t < n; t += 1) into[t] = (into[t] ?? 0) + (block[offset + t] ?? 0);
}

function addScores(into: Float64Array, from: Float64Array): void {
  for (let t = 0; t < into.length; t += 1) into[t] = (into[t] ?? 0) + (from[t] ?? 0);
}

interface DecodeTables {
  /** allowed[prev + 1][t]: may tag t follow tag prev (-1 = sentence start) */
  allowed: boolean[][];
  /** scores of the tag-history features that do not involve the word, by (prev2 + 1) * (n + 1) + (prev1 + 1) */
  history: Float64Array[];
}
const decodeTables = new WeakMap<NerModel, DecodeTables>();

function tablesFor(model: NerModel): DecodeTables {
  let tables = decodeTables.get(model);
  if (tables) return tables;
  const names = ['<s>', ...model.tags];
  const n = model.tags.length;
  const history: Float64Array[] = [];
  for (let p2 = 0; p2 <= n; p2 += 1) {
    for (let p1 = 0; p1 <= n; p1 += 1) {
      const scores = new Float64Array(n);
      addRow(model, `t-1=${names[p1]}`, scores);
      addRow(model, `t-2t-1=${names[p2]}|${names[p1]}`, scores);
      history[p2 * (n + 1) + p1] = scores;
    }
  }
  tables = { allowed: names.map((prev) => model.tags.map((tag) => allowed(prev, tag))), history };
  decodeTables.set(model, tables);
  return tables;
}

/** Greedy left-to-right decoding: each token's tag is chosen knowing the two before it. */
export function tagSentence(model: NerModel, sentence: readonly string[], doc: DocumentStats, lexicon: NameLexicon): string[] {
  const ctx = sentenceContext(sentence, lexicon);
  const { allowed: allowedAfter, history } = tablesFor(model);
  const n = model.tags.length;
  const scores = new Float64Array(n);
  const chosen: number[] = [];
  const length = sentence.length;
  const cache = blocksFor(model);
  const blocks = sentence.map((word) => wordBlock(model, cache.words, word));
  const blockAt = (k: number): Float64Array => (k >= 0 && k < length ? (blocks[k] ?? cache.boundary) : cache.boundary);
  for (let i = 0; i < length; i += 1) {
    // Bounds are checked by hand: out-of-range array reads are slow in V8.
    const prev1 = i >= 1 ? (chosen[i - 1] ?? -1) : -1;
    const prev2 = i >= 2 ? (chosen[i - 2] ?? -1) : -1;
    scores.fill(0);
    addBlockRow(scores, blockAt(i), 0, n);
    // Roles 1..4 are the neighbour offsets -2, -1, +1, +2 (see ROLES).
    addBlockRow(scores, blockAt(i - 2), 1, n);
    addBlockRow(scores, blockAt(i - 1), 2, n);
    addBlockRow(scores, blockAt(i + 1), 3, n);
    addBlockRow(scores, blockAt(i + 2), 4, n);
    for (const feature of contextFeatures(ctx, i, doc)) addRow(model, feature, scores);
    const historyScores = history[(prev2 + 1) * (n + 1) + (prev1 + 1)];
    if (historyScores) addScores(scores, historyScores);
    const prevName = model.tags[prev1] ?? '<s>';
    addPair(model, 't-1w', prevName, ctx.lower[i] ?? '', scores);
    addPair(model, 't-1ss', prevName, ctx.shapes[i] ?? '', scores);
    for (const [template, a, b] of wordPairs(ctx, i)) addPair(model, template, a, b, scores);
    const allowedHere = allowedAfter[prev1 + 1] ?? [];
    let best = 0;
    let bestScore = -Infinity;
    for (let t = 0; t < n; t += 1) {
      const sc = scores[t] ?? 0;
      if (sc > bestScore && allowedHere[t]) {
        best = t;
        bestScore = sc;
      }
    }
    chosen.push(best);
  }
  return chosen.map((t) => model.tags[t] ?? 'O');
}

export function tagDocument(model: NerModel, sentences: ReadonlyArray<readonly string[]>, lexicon: NameLexicon): string[][] {
  const doc = documentStats(sentences);
  return sentences.map((sentence) => tagSentence(model, sentence, doc, lexicon));
}

export interface Span {
  type: string;
  start: number;
  /** exclusive token index */
  end: number;
}

export function spansFromBio(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  tags.forEach((tag, i) => {
    if (tag.startsWith('I-') && open && open.type === tag.slice(2)) {
      open.end = i + 1;
      return;
    }
    if (open) spans.push(open);
    open = tag === 'O' ? null : { type: tag.slice(2), start: i, end: i + 1 };
  });
  if (open) spans.push(open);
  return spans;
}
