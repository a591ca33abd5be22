import { tagAirlineNames } from './airline-names.ts';
import { documentStats, organisationRuns, pairFeature, NEIGHBOUR_OFFSETS, neighbourFeatures, SENTENCE_BOUNDARY, shortShape, wordFeatures, type DocumentStats, type NeighbourOffset } from './features.ts';
import { lexiconMatches, trainedNameMatches, type NameLexicon } from './name-lexicon.ts';
import { documentPassFeatures } from './document-pass.ts';
import type { NerModel } from './ner-model.ts';

/** BIO tags over a sentence: an I-X may only follow B-X or I-X. */
export function allowed(prev: string, tag: string): boolean {
  return !tag.startsWith('I-') || prev.slice(2) === tag.slice(2);
}

type Row = Float32Array | undefined;

function add(scores: Float64Array, row: Row): void {
  if (!row) return;
  for (let t = 0; t < row.length; t += 1) scores[t] = (scores[t] ?? 0) + (row[t] ?? 0);
}

function addRow(model: NerModel, feature: string, scores: Float64Array): void {
  add(scores, model.weights.get(feature));
}

// Scores of features that depend on one word only (the word itself, or a neighbour at a fixed distance)
// are the same wherever the word occurs: computed once per model and word, as one block of five rows
// (as the word itself, then as the neighbour at -2, -1, +1, +2), so a token costs one cache lookup.
// The word's lower-case form and shape are cached with it: the same string objects every time, so the
// maps below hash them once per word rather than once per lookup.
const ROLES: ReadonlyArray<0 | NeighbourOffset> = [0, ...NEIGHBOUR_OFFSETS];
const WORD_CACHE_LIMIT = 100_000;
const MEMO_LIMIT = 50_000;

interface WordInfo {
  block: Float64Array;
  lower: string;
  shape: string;
  /** capitalised as `contextFeatures` reads it */
  capital: boolean;
  upper: boolean;
  cased: boolean;
  /** a '|' in the word: its two-part features cannot be looked up by parts */
  pipe: boolean;
  /** "t-1w" and "t-1ss" rows of this word by previous tag (+1) */
  afterTag: Row[];
  shapeAfterTag: Row[];
  /** "l-1l" rows of the words that may follow this one, "ll+1" rows of the words that may follow it as the current word */
  asPrevious: ReadonlyMap<string, Float32Array> | undefined;
  asCurrent: ReadonlyMap<string, Float32Array> | undefined;
  /** "l-1l" row with the sentence boundary before, "ll+1" row with the boundary after */
  atStart: Row;
  atEnd: Row;
}

interface Tables {
  lexicon: NameLexicon;
  words: Map<string, WordInfo>;
  boundary: Float64Array;
  /** allowed[prev + 1][t]: may tag t follow tag prev (-1 = sentence start) */
  allowed: boolean[][];
  /** scores of the tag-history features that do not involve the word, by (prev2 + 1) * (n + 1) + (prev1 + 1) */
  history: Float64Array[];
  /** "t-1w" and "t-1ss" rows by previous tag (+1), then by the word's lower-case form or shape */
  tagWord: Array<ReadonlyMap<string, Float32Array> | undefined>;
  tagShape: Array<ReadonlyMap<string, Float32Array> | undefined>;
  prevWord: ReadonlyMap<string, ReadonlyMap<string, Float32Array>> | undefined;
  nextWord: ReadonlyMap<string, ReadonlyMap<string, Float32Array>> | undefined;
  first: Row;
  docLower: Row;
  docMidcap: Row;
  midcapFirst: readonly [Row, Row];
  orgRun: Row;
  orgRunEnd: Row;
  /** rows of context features by their parts (shapes and lexicon kinds are few) */
  trigram: Map<string, RowMemo>;
  caps: RowMemo;
  gz: RowMemo;
  gzShape: RowMemo;
  gzPrev: RowMemo;
  gzNext: RowMemo;
  trainedName: RowMemo;
}
const tablesByModel = new WeakMap<NerModel, WeakMap<NameLexicon, Tables>>();

function blockOf(model: NerModel, lexicon: NameLexicon, word: string | null): Float64Array {
  const n = model.tags.length;
  const block = new Float64Array(n * ROLES.length);
  ROLES.forEach((role, r) => {
    const scores = block.subarray(r * n, (r + 1) * n);
    const features = role === 0 ? (word === null ? [] : wordFeatures(word, lexicon)) : neighbourFeatures(word, role, lexicon);
    for (const feature of features) addRow(model, feature, scores);
  });
  return block;
}

/** Per model and lexicon: a word's cached scores include its lexicon features (person names, clusters). */
function tablesFor(model: NerModel, lexicon: NameLexicon): Tables {
  const byLexicon = tablesByModel.get(model) ?? new WeakMap<NameLexicon, Tables>();
  tablesByModel.set(model, byLexicon);
  let tables = byLexicon.get(lexicon);
  if (tables) return tables;
  const names = [SENTENCE_BOUNDARY, ...model.tags];
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
  const w = model.weights;
  tables = {
    words: new Map(),
    lexicon,
    boundary: blockOf(model, lexicon, null),
    allowed: names.map((prev) => model.tags.map((tag) => allowed(prev, tag))),
    history,
    tagWord: names.map((name) => model.pairs.get('t-1w')?.get(name)),
    tagShape: names.map((name) => model.pairs.get('t-1ss')?.get(name)),
    prevWord: model.pairs.get('l-1l'),
    nextWord: model.pairs.get('ll+1'),
    first: w.get('first'),
    docLower: w.get('doc-lower'),
    docMidcap: w.get('doc-midcap'),
    midcapFirst: [w.get('doc-midcap-first=false'), w.get('doc-midcap-first=true')],
    orgRun: w.get('org-run'),
    orgRunEnd: w.get('org-run-end'),
    trigram: new Map(),
    caps: new RowMemo(model),
    gz: new RowMemo(model),
    gzShape: new RowMemo(model),
    gzPrev: new RowMemo(model),
    gzNext: new RowMemo(model),
    trainedName: new RowMemo(model),
  };
  byLexicon.set(lexicon, tables);
  return tables;
}

function wordInfo(model: NerModel, tables: Tables, word: string): WordInfo {
  let info = tables.words.get(word);
  if (!info) {
    const c = word.charCodeAt(0);
    const lower = word.toLowerCase();
    const shape = shortShape(word);
    info = {
      block: blockOf(model, tables.lexicon, word),
      lower,
      shape,
      capital: (c >= 65 && c <= 90) || (c >= 128 && /\p{Lu}/u.test(word)),
      upper: word === word.toUpperCase(),
      cased: word !== word.toLowerCase(),
      pipe: word.includes('|'),
      afterTag: tables.tagWord.map((rows) => rows?.get(lower)),
      shapeAfterTag: tables.tagShape.map((rows) => rows?.get(shape)),
      asPrevious: tables.prevWord?.get(lower),
      asCurrent: tables.nextWord?.get(lower),
      atStart: tables.prevWord?.get(SENTENCE_BOUNDARY)?.get(lower),
      atEnd: tables.nextWord?.get(lower)?.get(SENTENCE_BOUNDARY),
    };
    if (tables.words.size >= WORD_CACHE_LIMIT) tables.words.clear();
    tables.words.set(word, info);
  }
  return info;
}

/** Memoised rows of a context feature by its parts; the feature's name is built on a miss only. */
class RowMemo {
  private readonly rows = new Map<string, Map<string, Row>>();
  private size = 0;

  constructor(private readonly model: NerModel) {}

  get(a: string, b: string, name: (a: string, b: string) => string): Row {
    let byB = this.rows.get(a);
    if (!byB) {
      if (this.size >= MEMO_LIMIT) {
        this.rows.clear();
        this.size = 0;
      }
      byB = new Map();
      this.rows.set(a, byB);
    }
    let row = byB.get(b);
    if (row === undefined && !byB.has(b)) {
      row = this.model.weights.get(name(a, b));
      byB.set(b, row);
      this.size += 1;
    }
    return row;
  }
}

const trigramName = (a: string, b: string): string => `ss-1ss+1=${a}|${b}`;
const capsName = (_: string, shape: string): string => `caps-sent|ss=${shape}`;
const gzName = (_: string, m: string): string => `gz=${m}`;
const gzShapeName = (m: string, shape: string): string => `gz=${m}|ss-1=${shape}`;
const gzPrevName = (_: string, m: string): string => `gz-1=${m}`;
const gzNextName = (_: string, m: string): string => `gz+1=${m}`;
const trainedNameName = (_: string, m: string): string => `tn=${m}`;

function addBlockRow(into: Float64Array, block: Float64Array, role: number, n: number): void {
  const offset = role * n;
  for (let t = 0; t < n; t += 1) into[t] = (into[t] ?? 0) + (block[offset + t] ?? 0);
}

/**
 * Greedy left-to-right decoding: each token's tag is chosen knowing the two before it. Adds the rows of
 * `contextFeatures`, `wordPairs` and `historyFeatures` (features.ts), in their order, looked up by parts,
 * then the rows of each token's `extra` features (the document pass's) by name.
 */
export function tagSentence(model: NerModel, sentence: readonly string[], doc: DocumentStats, lexicon: NameLexicon, extra?: ReadonlyArray<readonly string[]>): string[] {
  const tables = tablesFor(model, lexicon);
  const { allowed: allowedAfter, history, boundary } = tables;
  const n = model.tags.length;
  const length = sentence.length;
  const infos: WordInfo[] = [];
  let allUpper = true;
  let anyCased = false;
  for (let i = 0; i < length; i += 1) {
    const info = wordInfo(model, tables, sentence[i] ?? '');
    infos.push(info);
    allUpper &&= info.upper;
    anyCased ||= info.cased;
  }
  const allCaps = allUpper && anyCased;
  const lex = lexiconMatches(sentence, lexicon);
  const named = trainedNameMatches(sentence, lexicon);
  const orgRun = organisationRuns(infos.map((info) => info.lower), sentence);
  const scores = new Float64Array(n);
  const chosen: number[] = [];
  const blockAt = (k: number): Float64Array => (k >= 0 && k < length ? (infos[k]?.block ?? boundary) : boundary);
  for (let i = 0; i < length; i += 1) {
    const info = infos[i];
    if (!info) break;
    const before = i > 0 ? infos[i - 1] : undefined;
    const after = i + 1 < length ? infos[i + 1] : undefined;
    const prevShape = before?.shape ?? SENTENCE_BOUNDARY;
    const prevLower = before?.lower ?? SENTENCE_BOUNDARY;
    const nextLower = after?.lower ?? SENTENCE_BOUNDARY;
    // Bounds are checked by hand: out-of-range array reads are slow in V8.
    const prev1 = i >= 1 ? (chosen[i - 1] ?? -1) : -1;
    const prev2 = i >= 2 ? (chosen[i - 2] ?? -1) : -1;
    // Roles 1..4 are the neighbour offsets -2, -1, +1, +2 (see ROLES); summed in that order, as the rows always were.
    const self = info.block;
    const back2 = blockAt(i - 2);
    const back1 = before?.block ?? boundary;
    const ahead1 = after?.block ?? boundary;
    const ahead2 = blockAt(i + 2);
    for (let t = 0; t < n; t += 1) {
      scores[t] = (self[t] ?? 0) + (back2[n + t] ?? 0) + (back1[2 * n + t] ?? 0) + (ahead1[3 * n + t] ?? 0) + (ahead2[4 * n + t] ?? 0);
    }
    let trigram = tables.trigram.get(prevShape);
    if (!trigram) {
      trigram = new RowMemo(model);
      tables.trigram.set(prevShape, trigram);
    }
    add(scores, trigram.get(info.shape, after?.shape ?? SENTENCE_BOUNDARY, (a, b) => trigramName(`${prevShape}|${a}`, b)));
    if (i === 0) add(scores, tables.first);
    if (allCaps) add(scores, tables.caps.get('', info.shape, capsName));
    if (info.capital) {
      if (doc.lowerForms.has(info.lower)) add(scores, tables.docLower);
      const midcap = doc.midSentenceCapitalised.has(info.lower);
      if (midcap) add(scores, tables.docMidcap);
      if (i === 0 || allCaps) add(scores, tables.midcapFirst[midcap ? 1 : 0]);
    }
    const m = lex[i];
    if (m) {
      add(scores, tables.gz.get('', m, gzName));
      add(scores, tables.gzShape.get(m, prevShape, gzShapeName));
    }
    const prevLex = i > 0 ? lex[i - 1] : null;
    const nextLex = i + 1 < length ? lex[i + 1] : null;
    if (prevLex) add(scores, tables.gzPrev.get('', prevLex, gzPrevName));
    if (nextLex) add(scores, tables.gzNext.get('', nextLex, gzNextName));
    if (orgRun[i]) add(scores, i + 1 < length && orgRun[i + 1] ? tables.orgRun : tables.orgRunEnd);
    const name = named[i];
    if (name) add(scores, tables.trainedName.get('', name, trainedNameName));
    const historyRow = history[(prev2 + 1) * (n + 1) + (prev1 + 1)];
    if (historyRow) addBlockRow(scores, historyRow, 0, n);
    if (info.pipe) {
      const prevName = model.tags[prev1] ?? SENTENCE_BOUNDARY;
      addRow(model, pairFeature('t-1w', prevName, info.lower), scores);
      addRow(model, pairFeature('t-1ss', prevName, info.shape), scores);
    } else {
      add(scores, info.afterTag[prev1 + 1]);
      add(scores, info.shapeAfterTag[prev1 + 1]);
    }
    if (info.pipe || before?.pipe) addRow(model, pairFeature('l-1l', prevLower, info.lower), scores);
    else add(scores, before ? before.asPrevious?.get(info.lower) : info.atStart);
    if (info.pipe || after?.pipe) addRow(model, pairFeature('ll+1', info.lower, nextLower), scores);
    else add(scores, after ? info.asCurrent?.get(after.lower) : info.atEnd);
    for (const feature of extra?.[i] ?? []) addRow(model, feature, scores);
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

/** What the tagger reads before any document pass: each sentence tagged on its own features. */
export function firstPassTags(model: NerModel, sentences: ReadonlyArray<readonly string[]>, lexicon: NameLexicon, doc: DocumentStats = documentStats(sentences)): string[][] {
  return sentences.map((sentence) => tagSentence(model, sentence, doc, lexicon));
}

/** A model with a document pass (the English one) tags twice: the second time knowing the first pass's tags. */
export function tagDocument(model: NerModel, sentences: ReadonlyArray<readonly string[]>, lexicon: NameLexicon, doc: DocumentStats = documentStats(sentences)): string[][] {
  const firstPass = firstPassTags(model, sentences, lexicon, doc);
  const { documentPass } = model;
  const tagged = documentPass ? secondPassTags(documentPass, sentences, firstPass, lexicon, doc) : firstPass;
  return tagged.map((tags, s) => tagAirlineNames(sentences[s] ?? [], tags, lexicon));
}

function secondPassTags(documentPass: NerModel, sentences: ReadonlyArray<readonly string[]>, firstPass: readonly string[][], lexicon: NameLexicon, doc: DocumentStats): string[][] {
  const extra = documentPassFeatures(sentences, firstPass);
  return sentences.map((sentence, s) => tagSentence(documentPass, sentence, doc, lexicon, extra[s]));
}
