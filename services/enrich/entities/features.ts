import { commonNounMatch } from './common-nouns.ts';
import { lexiconMatches, trainedNameMatches, type NameLexicon } from './name-lexicon.ts';
import { genitiveMatch, partMatch } from './german-cues.ts';
import { personNameMatch } from './person-names.ts';

/** What the tagger knows about the whole document: lets "APPLE" in a headline borrow from "Apple" in the body. */
export interface DocumentStats {
  lowerForms: ReadonlySet<string>;
  midSentenceCapitalised: ReadonlySet<string>;
}

const LOWER_INITIAL = /^\p{Ll}/u;
const CAPITALISED = /^\p{Lu}\p{Ll}/u;

/** `/^\p{Lu}\p{Ll}/u`, without the regex for ASCII. */
function startsCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  const d = word.charCodeAt(1);
  if (c < 128 && d < 128) return c >= 65 && c <= 90 && d >= 97 && d <= 122;
  return CAPITALISED.test(word);
}

export function documentStats(sentences: ReadonlyArray<readonly string[]>): DocumentStats {
  const lowerForms = new Set<string>();
  const midSentenceCapitalised = new Set<string>();
  for (const sentence of sentences) {
    sentence.forEach((word, i) => {
      const c = word.charCodeAt(0);
      if (c < 128 ? c >= 97 && c <= 122 : LOWER_INITIAL.test(word)) lowerForms.add(word);
      else if (i > 0 && startsCapitalised(word) && sentence[i - 1] !== '"' && sentence[i - 1] !== ':') midSentenceCapitalised.add(word.toLowerCase());
    });
  }
  return { lowerForms, midSentenceCapitalised };
}

function charClass(code: number, ch: string): string {
  if (code >= 65 && code <= 90) return 'X';
  if (code >= 97 && code <= 122) return 'x';
  if (code >= 48 && code <= 57) return 'd';
  if (code < 128) return ch;
  return /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
}

export function wordShape(word: string): string {
  let shape = '';
  for (let i = 0; i < word.length; i += 1) {
    const c = charClass(word.charCodeAt(i), word[i] ?? '');
    if (shape.length >= 4 && shape.endsWith(c) && shape[shape.length - 2] === c) continue;
    shape += c;
  }
  return shape;
}

export function shortShape(word: string): string {
  let shape = '';
  for (let i = 0; i < word.length; i += 1) {
    const c = charClass(word.charCodeAt(i), word[i] ?? '');
    if (!shape.endsWith(c)) shape += c;
  }
  return shape;
}

export const SENTENCE_BOUNDARY = '<s>';

/** Longest prefix and suffix taken as features: five letters, chosen by 5-fold cross-validation (German 0.577 → 0.591 over four). */
const AFFIX_MAX = 5;

/** Features of the word alone: the same wherever it occurs, so the tagger can cache their scores. */
export function wordFeatures(word: string, lexicon: NameLexicon): string[] {
  const l = word.toLowerCase();
  const f = ['b', `w=${word}`, `l=${l}`, `s=${wordShape(word)}`, `ss=${shortShape(word)}`];
  for (let n = 1; n <= AFFIX_MAX && n < l.length; n += 1) f.push(`p${n}=${l.slice(0, n)}`, `x${n}=${l.slice(-n)}`);
  const name = personNameMatch(word, l, lexicon.personNames);
  if (name) f.push(`pn=${name}`);
  const cluster = lexicon.clusters?.get(l);
  if (cluster) {
    f.push(`c=${cluster[0]}`, `cc=${cluster[1]}`);
    for (let level = 2; level < cluster.length; level += 1) f.push(`c${level}=${cluster[level]}`);
  }
  if (isCyrillicOrganisationHead(l)) f.push('org-head');
  if (word !== l) {
    const noun = commonNounMatch(word, lexicon.commonNouns);
    if (noun) f.push(noun);
  }
  if (lexicon.genitives) {
    const genitive = genitiveMatch(word, l, lexicon);
    if (genitive) f.push(`gen=${genitive}`);
  }
  if (lexicon.wordParts) {
    const part = partMatch(word, lexicon);
    if (part) f.push(`part=${part}`);
  }
  return f;
}

// Stems of the nouns that head Russian and Ukrainian organisation names, which are written in lower case
// ("партии «Яблоко»", "мэрии Москвы", "Следственного комитета"): any case ending may follow.
const CYRILLIC_ORGANISATION_HEADS = new Set(
  'парти движени министерств компани комитет служб агентств банк совет союз фонд управлени прокуратур суд администраци мэри правительств дум палат ассоциаци организаци отделени корпораци концерн холдинг групп клуб университет институт академи газет телекана радиостанци издани обществ объединени ведомств департамент инспекци центр команд федераци парті рух міністерств компані комітет служб агенці банк рад спілк фонд управлінн прокуратур адміністраці організаці'.split(' '),
);

function isCyrillicOrganisationHead(lower: string): boolean {
  const c = lower.charCodeAt(0);
  if (c < 0x400 || c > 0x4ff) return false;
  for (let n = Math.min(lower.length, 13); n >= 3; n -= 1) if (CYRILLIC_ORGANISATION_HEADS.has(lower.slice(0, n))) return true;
  return false;
}

// Words that end or head organisation names ("Acme Corp", "Bank of England", "Manchester United").
const ORGANISATION_WORDS = new Set(
  'inc incorporated corp corporation co company ltd limited plc llc ag sa nv bv gmbh group holdings bank bancorp association union council committee commission party ministry department agency authority federation league club fc university college institute foundation fund trust board parliament senate congress assembly army navy police service services airlines airways motors industries systems securities partners exchange news times post journal press television radio network united rovers wanderers athletic organisation organization alliance front movement'.split(' '),
);
const RUN_JOINERS = new Set(['of', 'and', '&', 'for', 'de', 'the']);

/** For each token: capitalised and followed, in its run of capitalised words, by an organisation word. */
export function organisationRuns(lower: readonly string[], words: readonly string[]): boolean[] {
  const out = words.map(() => false);
  let seenOrgWord = false;
  for (let i = words.length - 1; i >= 0; i -= 1) {
    const word = words[i] ?? '';
    const c = word.charCodeAt(0);
    const capitalised = (c >= 65 && c <= 90) || (c >= 128 && /^\p{Lu}/u.test(word));
    if (capitalised) {
      if (ORGANISATION_WORDS.has(lower[i] ?? '')) seenOrgWord = true;
      out[i] = seenOrgWord;
    } else if (!RUN_JOINERS.has(lower[i] ?? '')) seenOrgWord = false;
  }
  return out;
}

export interface SentenceContext {
  words: readonly string[];
  lower: readonly string[];
  shapes: readonly string[];
  lexicon: ReadonlyArray<string | null>;
  trainedNames: ReadonlyArray<string | null>;
  allCaps: boolean;
  organisationRun: readonly boolean[];
}

export function sentenceContext(sentence: readonly string[], lexicon: NameLexicon): SentenceContext {
  const lower = sentence.map((w) => w.toLowerCase());
  return {
    words: sentence,
    lower,
    shapes: sentence.map(shortShape),
    lexicon: lexiconMatches(sentence, lexicon),
    trainedNames: trainedNameMatches(sentence, lexicon),
    allCaps: sentence.every((w) => w === w.toUpperCase()) && sentence.some((w) => w !== w.toLowerCase()),
    organisationRun: organisationRuns(lower, sentence),
  };
}

export type NeighbourOffset = -2 | -1 | 1 | 2;
export const NEIGHBOUR_OFFSETS: readonly NeighbourOffset[] = [-2, -1, 1, 2];

/** Features of the word at a given distance from the current one (or of the sentence boundary): cacheable per word. */
export function neighbourFeatures(word: string | null, offset: NeighbourOffset, lexicon: NameLexicon): string[] {
  const w = word ?? SENTENCE_BOUNDARY;
  const l = word === null ? SENTENCE_BOUNDARY : word.toLowerCase();
  const sign = offset < 0 ? '-' : '+';
  const cluster = word === null ? undefined : lexicon.clusters?.get(l);
  // Hierarchical (Brown) clusters: the neighbours' coarse ancestors too, ±1 and ±2 (German, mean of four 5-fold seeds 0.721 → 0.724; see README).
  const coarse = cluster && cluster.length > 2 ? [`cc${sign}${Math.abs(offset)}=${cluster[1]}`] : [];
  if (offset === -2 || offset === 2) return [`l${sign}2=${l}`, ...coarse];
  const f = [`l${sign}1=${l}`, `w${sign}1=${w}`, `ss${sign}1=${word === null ? SENTENCE_BOUNDARY : shortShape(word)}`];
  const name = word === null ? null : personNameMatch(word, l, lexicon.personNames);
  if (name) f.push(`pn${sign}1=${name}`);
  if (cluster) f.push(`c${sign}1=${cluster[0]}`, ...coarse);
  return f;
}

/** Features of the word in its sentence and document that are not about one word alone. */
/** Templates of two-part features "name=a|b", which the tagger looks up without building the string. */
export const PAIR_TEMPLATES = ['l-1l', 'll+1', 't-1w', 't-1ss'] as const;
export type PairTemplate = (typeof PAIR_TEMPLATES)[number];

export function pairFeature(template: PairTemplate, a: string, b: string): string {
  return `${template}=${a}|${b}`;
}

/** The word-pair features of token i: the previous and the next word with this one. */
export function wordPairs(ctx: SentenceContext, i: number): Array<readonly [PairTemplate, string, string]> {
  const l = ctx.lower[i] ?? '';
  return [
    ['l-1l', at(ctx.lower, i - 1), l],
    ['ll+1', l, at(ctx.lower, i + 1)],
  ];
}

function at(arr: readonly string[], k: number): string {
  return k < 0 || k >= arr.length ? SENTENCE_BOUNDARY : (arr[k] ?? SENTENCE_BOUNDARY);
}

export function contextFeatures(ctx: SentenceContext, i: number, doc: DocumentStats): string[] {
  const { words, lower, shapes, lexicon: lex } = ctx;
  const word = words[i] ?? '';
  const l = lower[i] ?? '';
  const f: string[] = [`ss-1ss+1=${at(shapes, i - 1)}|${shapes[i]}|${at(shapes, i + 1)}`];
  if (i === 0) f.push('first');
  if (ctx.allCaps) f.push(`caps-sent|ss=${shapes[i]}`);
  const c = word.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 128 && /\p{Lu}/u.test(word))) {
    if (doc.lowerForms.has(l)) f.push('doc-lower');
    if (doc.midSentenceCapitalised.has(l)) f.push('doc-midcap');
    if (i === 0 || ctx.allCaps) f.push(`doc-midcap-first=${doc.midSentenceCapitalised.has(l)}`);
  }
  const m = lex[i];
  if (m) f.push(`gz=${m}`, `gz=${m}|ss-1=${at(shapes, i - 1)}`);
  const prevLex = i > 0 ? lex[i - 1] : null;
  const nextLex = i + 1 < words.length ? lex[i + 1] : null;
  if (prevLex) f.push(`gz-1=${prevLex}`);
  if (nextLex) f.push(`gz+1=${nextLex}`);
  if (ctx.organisationRun[i]) f.push(i + 1 < words.length && ctx.organisationRun[i + 1] ? 'org-run' : 'org-run-end');
  const named = ctx.trainedNames[i];
  if (named) f.push(`tn=${named}`);
  return f;
}

/**
 * Features that do not depend on earlier decisions, for every token of a sentence. Tag-history features
 * are added by the tagger while it decodes, left to right.
 */
export function sentenceFeatures(sentence: readonly string[], doc: DocumentStats, lexicon: NameLexicon): string[][] {
  const ctx = sentenceContext(sentence, lexicon);
  return sentence.map((word, i) => [
    ...wordFeatures(word, lexicon),
    ...NEIGHBOUR_OFFSETS.flatMap((offset) => neighbourFeatures(sentence[i + offset] ?? null, offset, lexicon)),
    ...wordPairs(ctx, i).map(([template, a, b]) => pairFeature(template, a, b)),
    ...contextFeatures(ctx, i, doc),
  ]);
}

export function historyWordFeature(prev1: string, lowerWord: string): string {
  return pairFeature('t-1w', prev1, lowerWord);
}

export function historyShapeFeature(prev1: string, shape: string): string {
  return pairFeature('t-1ss', prev1, shape);
}

/** Features that look at the tags already chosen for the two previous tokens. */
export function historyFeatures(prev1: string, prev2: string, word: string): string[] {
  return [`t-1=${prev1}`, `t-2t-1=${prev2}|${prev1}`, historyWordFeature(prev1, word.toLowerCase()), historyShapeFeature(prev1, shortShape(word))];
}
