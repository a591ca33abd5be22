import { startsUpper } from './name-lexicon.ts';

// Words that never follow a possessive "'s" (a possessive is followed by what it owns): after them the "'s" is part of a name.
const NOT_OWNED = new Set(['.', ',', ':', '"', ')', 'was', 'is', 'said', 'has', 'had', 'will', 'would', 'could', 'may', 'also']);

/**
 * Names that end in "'s" (`Acme 's said profits rose`, `a bid for Acme 's .`): where the document prints
 * a capitalised word with an "'s" that owns nothing, that word's "'s" is marked wherever it stands, and the word too.
 */
export function possessiveNameFeatures(sentences: ReadonlyArray<readonly string[]>): string[][][] {
  const names = new Set<string>();
  for (const words of sentences) {
    words.forEach((word, i) => {
      const before = words[i - 1];
      const after = words[i + 1];
      if (word === "'s" && before !== undefined && startsUpper(before) && (after === undefined || NOT_OWNED.has(after))) names.add(before.toLowerCase());
    });
  }
  return sentences.map((words) =>
    words.map((word, i) => {
      if (word === "'s" && names.has(words[i - 1]?.toLowerCase() ?? '')) return ['name-s'];
      if (words[i + 1] === "'s" && names.has(word.toLowerCase())) return ['name-s-before'];
      return [];
    }),
  );
}
