import type { NameLexicon } from './name-lexicon.ts';

/**
 * German cues for the German tagger only (`lexiconForLanguage`): a name in the genitive with its `-s`/`-es`
 * (`Kanadas`, `Griechenlandes`) and a part of a hyphenated or slashed word (`Rhein-Sieg-Kreises`), matched by
 * the bare form the gazetteer or the trained names know.
 */

/** The lexicon kind of a capitalised genitive's bare form (`gen=country`, `gen=tn-ORG`), else null. */
export function genitiveMatch(word: string, lower: string, lexicon: NameLexicon): string | null {
  if (word === lower || lower.length < 4 || !lower.endsWith('s')) return null;
  if (oneWordKind(lower, lexicon) !== null) return null;
  for (const stem of lower.endsWith('es') ? [lower.slice(0, -1), lower.slice(0, -2)] : [lower.slice(0, -1)]) {
    const kind = oneWordKind(stem, lexicon);
    if (kind) return kind;
  }
  return null;
}

/** The lexicon kind of a part of a hyphenated or slashed word (`Rhein-Sieg-Kreises`, `Darmstadt/Berlin`), else null. */
export function partMatch(word: string, lexicon: NameLexicon): string | null {
  if (!/[-/]/.test(word)) return null;
  for (const part of word.split(/[-/]/)) {
    if (part.length < 3) continue;
    const kind = oneWordKind(part.toLowerCase(), lexicon);
    if (kind) return kind;
  }
  return null;
}

/** The kind of a one-word gazetteer place (`country`, `city`…), else of a one-word trained name (`tn-ORG`), else null. */
function oneWordKind(lower: string, lexicon: NameLexicon): string | null {
  const place = lexicon.byFirstToken.get(lower)?.find((e) => e.tokens.length === 1);
  if (place) return place.kind;
  const named = lexicon.trainedNames?.get(lower)?.find((e) => e.tokens.length === 1);
  return named ? `tn-${named.kind}` : null;
}
