import type { Entity, Keyword } from './enrichment.ts';
import { dropElision, foldApostrophe, stopwordsFor } from './stopwords.ts';

// A word, or a character that ends a phrase: one pass over the text finds both.
const WORD_OR_BREAK = /\p{L}[\p{L}'’-]*\p{L}|\p{L}|[.,;:!?()“”"—–\n]/gu;
const BREAK = /^[.,;:!?()“”"—–\n]$/u;
const collator = new Intl.Collator();

function terms(text: string, language: string): string[][] {
  const stopwords = stopwordsFor(language);
  const elides = language === 'fr' || language === 'it' || language === 'ca';
  // Phrases: runs of content words between stopwords and punctuation.
  const phrases: string[][] = [];
  let run: string[] = [];
  for (const match of text.matchAll(WORD_OR_BREAK)) {
    const raw = match[0];
    const folded = raw.length === 1 && BREAK.test(raw) ? '' : foldApostrophe(raw.toLowerCase());
    const word = elides ? dropElision(folded) : folded;
    if (word.length < 3 || stopwords.has(word)) {
      if (run.length > 0) phrases.push(run);
      run = [];
    } else run.push(word);
  }
  if (run.length > 0) phrases.push(run);
  return phrases;
}

interface Term {
  count: number;
  parts: readonly string[];
}

/**
 * Key terms by tf-idf (idf from the subject classifier's training corpus), as unigrams and bigrams; names
 * of the article's entities are left to the entity list.
 */
export function extractKeywords(text: string, entities: readonly Entity[], idf: (term: string) => number, limit = 10, language = 'en'): Keyword[] {
  const entityWords = new Set(entities.flatMap((e) => [e.name, ...e.aliases]).flatMap((n) => n.toLowerCase().split(/\s+/)));
  const counts = new Map<string, Term>();
  const count = (term: string, parts: () => readonly string[]): void => {
    const known = counts.get(term);
    if (known) known.count += 1;
    else counts.set(term, { count: 1, parts: parts() });
  };
  for (const phrase of terms(text, language)) {
    for (let i = 0; i < phrase.length; i += 1) {
      const word = phrase[i] ?? '';
      count(word, () => [word]);
      const next = phrase[i + 1];
      if (next) count(`${word} ${next}`, () => [word, next]);
    }
  }
  const scored: Keyword[] = [];
  for (const [term, { count: n, parts }] of counts) {
    if (parts.every((p) => entityWords.has(p))) continue;
    if (parts.length === 2 && n < 2) continue;
    const weight = parts.length === 2 ? 1.5 * Math.min(...parts.map(idf)) : idf(term);
    scored.push({ text: term, score: (1 + Math.log(n)) * weight });
  }
  scored.sort((a, b) => b.score - a.score || collator.compare(a.text, b.text));
  // A bigram absorbs its words: keep "economic sanctions" and drop "sanctions" when it ranks lower.
  const chosen: Keyword[] = [];
  for (const k of scored) {
    if (chosen.some((c) => c.text.split(' ').includes(k.text) || k.text.split(' ').includes(c.text))) continue;
    chosen.push(k);
    if (chosen.length >= limit) break;
  }
  const top = chosen[0]?.score ?? 1;
  return chosen.map((k) => ({ text: k.text, score: Math.round((k.score / top) * 1000) / 1000 }));
}
