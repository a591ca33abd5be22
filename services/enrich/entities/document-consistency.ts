import { spansFromBio } from './bio-spans.ts';
import { startsUpper } from './name-lexicon.ts';

/** Entity type most often given, with at least one vote, else null; ties go to the type seen first. */
function majority(votes: ReadonlyMap<string, number> | undefined): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [type, count] of votes ?? []) {
    if (count > bestCount) {
      best = type;
      bestCount = count;
    }
  }
  return best;
}

function vote(into: Map<string, Map<string, number>>, key: string, type: string): void {
  const votes = into.get(key) ?? new Map<string, number>();
  votes.set(type, (votes.get(type) ?? 0) + 1);
  into.set(key, votes);
}

/**
 * Features of the second pass of the English tagger, from the first pass's tags over the whole document:
 * the token's own first-pass tag, the type the document most often gives the same word (`Leicester` as a
 * club in a results table, `LEICESTER` in the heading) and the same name, and the type of longer names
 * that contain the word. One name, one reading per document, as the annotators read it.
 */
export function documentConsistencyFeatures(sentences: ReadonlyArray<readonly string[]>, firstPass: ReadonlyArray<readonly string[]>): string[][][] {
  const byWord = new Map<string, Map<string, number>>();
  const byName = new Map<string, Map<string, number>>();
  const byContainingName = new Map<string, Map<string, number>>();
  const spans = sentences.map((words, s) => {
    const found = spansFromBio(firstPass[s] ?? []);
    for (const span of found) {
      const lower = words.slice(span.start, span.end).map((w) => w.toLowerCase());
      vote(byName, lower.join(' '), span.type);
      for (const word of lower) {
        vote(byWord, word, span.type);
        if (lower.length > 1) vote(byContainingName, word, span.type);
      }
    }
    words.forEach((word, i) => {
      if (startsUpper(word) && (firstPass[s]?.[i] ?? 'O') === 'O') vote(byWord, word.toLowerCase(), 'O');
    });
    return found;
  });
  const wordTypeAt = (words: readonly string[], k: number): string | null => {
    const word = words[k];
    return word !== undefined && startsUpper(word) ? majority(byWord.get(word.toLowerCase())) : null;
  };
  return sentences.map((words, s) =>
    words.map((word, i) => {
      const tag = firstPass[s]?.[i] ?? 'O';
      const f = [`p1=${tag}`];
      const before = wordTypeAt(words, i - 1);
      const after = wordTypeAt(words, i + 1);
      if (before) f.push(`dwn-1=${before}`);
      if (after) f.push(`dwn+1=${after}`);
      if (!startsUpper(word)) return f;
      const lower = word.toLowerCase();
      const wordType = majority(byWord.get(lower));
      if (wordType) f.push(`dw=${wordType}`, `dw=${wordType}|p1=${tag}`);
      const readings = [...(byWord.get(lower)?.keys() ?? [])].filter((type) => type !== 'O').sort();
      if (readings.length > 1) f.push(`dws=${readings.join('+')}`);
      const containing = majority(byContainingName.get(lower));
      if (containing) f.push(`dc=${containing}`);
      const span = spans[s]?.find((x) => x.start <= i && i < x.end);
      if (span) {
        const nameType = majority(byName.get(words.slice(span.start, span.end).map((w) => w.toLowerCase()).join(' ')));
        if (nameType) f.push(`dn=${nameType}`);
      }
      return f;
    }),
  );
}
