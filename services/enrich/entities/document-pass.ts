import { contextAggregationFeatures } from './context-aggregation.ts';
import { documentConsistencyFeatures } from './document-consistency.ts';
import { headingTopic } from './document-heading.ts';
import { possessiveNameFeatures } from './possessive-names.ts';
import { resultsTableFeatures } from './results-table.ts';
import { startsUpper } from './name-lexicon.ts';

/**
 * The features the second pass adds to every token: the document's first-pass readings, the first-pass
 * tags of the neighbours, the words around the word's other mentions, names that end in "'s", the story's
 * topic slug with the token's first-pass tag, and the results-table layout.
 */
export function documentPassFeatures(sentences: ReadonlyArray<readonly string[]>, firstPass: ReadonlyArray<readonly string[]>): string[][][] {
  const consistency = documentConsistencyFeatures(sentences, firstPass);
  const contexts = contextAggregationFeatures(sentences);
  const possessives = possessiveNameFeatures(sentences);
  const topic = headingTopic(sentences);
  return sentences.map((words, s) => {
    const table = resultsTableFeatures(words);
    const tags = firstPass[s] ?? [];
    return words.map((word, i) => {
      const f = [...(consistency[s]?.[i] ?? []), ...(table[i] ?? []), ...(contexts[s]?.[i] ?? []), ...(possessives[s]?.[i] ?? []), `pn-1=${tags[i - 1] ?? '<s>'}`, `pn+1=${tags[i + 1] ?? '<s>'}`];
      if (topic !== null && startsUpper(word)) f.push(`hd=${topic}|p1=${tags[i] ?? 'O'}`);
      return f;
    });
  });
}
