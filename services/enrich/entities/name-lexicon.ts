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
}

export function buildNameLexicon(entries: Iterable<{ name: string; kind: LexiconKind }>, lists: { personNames?: PersonNames; clusters?: WordClusters } = {}): NameLexicon {
  const byFirstToken = new Map<string, Array<{ tokens: string[]; kind: LexiconKind }>>();
  const seen = new Set<string>();
  for (const { name, kind } of entries) {
    const tokens = name.toLowerCase().split(/\s+/).filter(Boolean);
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

/** `/^\p{Lu}/u`, without the regex for ASCII. */
export function startsUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_INITIAL.test(word);
}

/** For each token, the lexicon kind and position (B/I) of the longest capitalised match covering it. */
export function lexiconMatches(tokens: readonly string[], lexicon: NameLexicon): Array<string | null> {
  const out: Array<string | null> = tokens.map(() => null);
  let i = 0;
  while (i < tokens.length) {
    const word = tokens[i] ?? '';
    const candidates = startsUpper(word) ? lexicon.byFirstToken.get(word.toLowerCase()) : undefined;
    const hit = candidates?.find(({ tokens: seq }) => seq.every((t, k) => (tokens[i + k] ?? '').toLowerCase() === t));
    if (!hit) {
      i += 1;
      continue;
    }
    for (let k = 0; k < hit.tokens.length; k += 1) out[i + k] = `${hit.kind}:${k === 0 ? 'B' : 'I'}`;
    i += hit.tokens.length;
  }
  return out;
}
