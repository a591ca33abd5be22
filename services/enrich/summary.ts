import type { Summary } from './enrichment.ts';
import type { TextSpan } from './segmentation.ts';
import { ENGLISH_STOPWORDS, foldApostrophe } from './stopwords.ts';

const WORD = /\p{L}[\p{L}'’-]*\p{L}/gu;

function words(text: string): string[] {
  const bag: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const w = foldApostrophe(match[0]);
    if (!ENGLISH_STOPWORDS.has(w)) bag.push(w);
  }
  return bag;
}

/**
 * Extractive summary: the sentences closest to the article's tf-idf centroid, with a lead bonus (news puts
 * the essentials first), shown in article order.
 */
export function summarize(text: string, sentences: readonly TextSpan[], idf: (term: string) => number, size = 3): Summary {
  const bags = sentences.map((s) => words(text.slice(s.start, s.end)));
  const centroid = new Map<string, number>();
  for (const bag of bags) for (const w of bag) centroid.set(w, (centroid.get(w) ?? 0) + idf(w));
  const scores = bags.map((bag, i) => {
    if (bag.length < 5) return -Infinity;
    const unique = new Set(bag);
    let s = 0;
    for (const w of unique) s += (centroid.get(w) ?? 0) * idf(w);
    const lead = i === 0 ? 1.5 : i < 3 ? 1.2 : 1;
    return (s / Math.sqrt(unique.size)) * lead;
  });
  const chosen = scores
    .map((score, index) => ({ score, index }))
    .filter((x) => Number.isFinite(x.score))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, size)
    .map((x) => x.index)
    .sort((a, b) => a - b);
  return { sentenceIndexes: chosen, text: chosen.map((i) => sentences[i]).map((s) => (s ? text.slice(s.start, s.end) : '')).join(' ') };
}
