import type { CommonNouns } from './common-nouns.ts';
import { splitUnspaced } from '../tokenize.ts';
import { nominativeForms } from './cyrillic-cases.ts';
import type { PersonNames } from './person-names.ts';
import type { WordClusters } from './word-clusters.ts';

/** Multi-token names (places from the gazetteer) that the tagger sees as features: "in a lexicon, as city". */
export type LexiconKind = 'city' | 'country' | 'region';

export interface NameLexicon {
  /** first token (lower-cased) → token sequences (lower-cased), longest first */
  byFirstToken: ReadonlyMap<string, ReadonlyArray<{ tokens: readonly string[]; kind: LexiconKind }>>;
  /** first and last names, one word each (person-names.ts) */
  personNames?: PersonNames;
  /** clusters of words learned from unlabelled text (word-clusters.ts) */
  clusters?: WordClusters;
  /** German common-noun forms (common-nouns.ts) */
  commonNouns?: CommonNouns;
  /** names tagged in an annotated training set, by first token, with the type they were tagged most (trained-names.ts) */
  trainedNames?: TrainedNameIndex;
  /** German only: names in the genitive matched by their bare form (german-cues.ts) */
  genitives?: boolean;
  /** German only: parts of hyphenated words matched by themselves (german-cues.ts) */
  wordParts?: boolean;
}

/** Names by first token (lower-cased), longest first, each with its entity type ("PER", "ORG", "LOC", "MISC"). */
export type TrainedNameIndex = ReadonlyMap<string, ReadonlyArray<{ tokens: readonly string[]; kind: string }>>;

export function buildNameLexicon(
  entries: Iterable<{ name: string; kind: LexiconKind }>,
  lists: { personNames?: PersonNames; clusters?: WordClusters; commonNouns?: CommonNouns; trainedNames?: TrainedNameIndex } = {},
): NameLexicon {
  const byFirstToken = new Map<string, Array<{ tokens: string[]; kind: LexiconKind }>>();
  const seen = new Set<string>();
  for (const { name, kind } of entries) {
    const tokens = name.toLowerCase().split(/\s+/).flatMap((word) => splitUnspaced(word).map((w) => w.text)).filter(Boolean);
    const first = tokens[0];
    const key = `${kind}:${tokens.join(' ')}`;
    if (!first || seen.has(key)) continue;
    seen.add(key);
    const list = byFirstToken.get(first) ?? [];
    list.push({ tokens, kind });
    byFirstToken.set(first, list);
  }
  for (const list of byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length || a.kind.localeCompare(b.kind));
  return { byFirstToken, ...lists };
}

const UPPER_INITIAL = /^\p{Lu}/u;
const CASELESS_INITIAL = /^\p{Lo}/u;

/** `/^\p{Lu}/u`, without the regex for ASCII. */
export function startsUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_INITIAL.test(word);
}

/**
 * Whether a word may begin a name: a capital, or a letter of a script without case (Arabic, Hebrew,
 * Chinese, Japanese, Thai, Devanagari…), where nothing in the writing marks names.
 */
export function mayBeginName(word: string): boolean {
  return startsUpper(word) || (word.charCodeAt(0) >= 128 && CASELESS_INITIAL.test(word));
}

/** For each token, the lexicon kind and position (B/I) of the longest capitalised match covering it. */
export function lexiconMatches(tokens: readonly string[], lexicon: NameLexicon): Array<string | null> {
  return matchesBy(tokens, (i) => longestMatch(tokens, i, lexicon));
}

/** For each token, the type and position (B/I) of the longest trained name covering it, as printed (case aside). */
export function trainedNameMatches(tokens: readonly string[], lexicon: NameLexicon): Array<string | null> {
  const index = lexicon.trainedNames;
  if (!index) return tokens.map(() => null);
  return matchesBy(tokens, (i) => index.get((tokens[i] ?? '').toLowerCase())?.find(({ tokens: seq }) => seq.every((t, k) => (tokens[i + k] ?? '').toLowerCase() === t)));
}

function matchesBy(tokens: readonly string[], longestAt: (i: number) => { tokens: readonly string[]; kind: string } | undefined): Array<string | null> {
  const out: Array<string | null> = tokens.map(() => null);
  let i = 0;
  while (i < tokens.length) {
    const word = tokens[i] ?? '';
    const hit = mayBeginName(word) ? longestAt(i) : undefined;
    if (!hit) {
      i += 1;
      continue;
    }
    for (let k = 0; k < hit.tokens.length; k += 1) out[i + k] = `${hit.kind}:${k === 0 ? 'B' : 'I'}`;
    i += hit.tokens.length;
  }
  return out;
}

/** The longest entry starting at token i, as printed or (Russian, Ukrainian) with every word declined: "Южной Кореи", "Москвы". */
function longestMatch(tokens: readonly string[], i: number, lexicon: NameLexicon): { tokens: readonly string[]; kind: LexiconKind } | undefined {
  const lower = (tokens[i] ?? '').toLowerCase();
  const exact = lexicon.byFirstToken.get(lower)?.find(({ tokens: seq }) => seq.every((t, k) => (tokens[i + k] ?? '').toLowerCase() === t));
  if (exact) return exact;
  let best: { tokens: readonly string[]; kind: LexiconKind } | undefined;
  for (const first of nominativeForms(lower)) {
    for (const entry of lexicon.byFirstToken.get(first) ?? []) {
      if (best && best.tokens.length >= entry.tokens.length) continue;
      const words = tokens.slice(i, i + entry.tokens.length).map((w) => w.toLowerCase());
      if (words.length === entry.tokens.length && nominativeForms(words.join(' ')).includes(entry.tokens.join(' '))) best = entry;
    }
  }
  return best;
}
