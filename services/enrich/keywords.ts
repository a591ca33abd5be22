import type { Entity, Keyword } from './enrichment.ts';
import { ENGLISH_STOPWORDS } from './stopwords.ts';

const WORD = /\p{L}[\p{L}'’-]*\p{L}|\p{L}/gu;

function terms(text: string): string[][] {
  // Phrases: runs of content words between stopwords and punctuation.
  const phrases: string[][] = [];
  for (const chunk of text.split(/[.,;:!?()“”"—–\n]+/)) {
    let run: string[] = [];
    for (const match of chunk.matchAll(WORD)) {
      const word = match[0].toLowerCase().replace(/’/g, "'").replace(/'s$/, '');
      if (word.length < 3 || ENGLISH_STOPWORDS.has(word)) {
        if (run.length > 0) phrases.push(run);
        run = [];
      } else run.push(word);
    }
    if (run.length > 0) phrases.push(run);
  }
  return phrases;
}

/**
 * Key terms by tf-idf (idf from the subject classifier's training corpus), as unigrams and bigrams; names
 * of the article's entities are left to the entity list.
 */
export function extractKeywords(text: string, entities: readonly Entity[], idf: (term: string) => number, limit = 10): Keyword[] {
  const entityWords = new Set(entities.flatMap((e) => [e.name, ...e.aliases]).flatMap((n) => n.toLowerCase().split(/\s+/)));
  const counts = new Map<string, number>();
  for (const phrase of terms(text)) {
    for (let i = 0; i < phrase.length; i += 1) {
      const word = phrase[i] ?? '';
      counts.set(word, (counts.get(word) ?? 0) + 1);
      const next = phrase[i + 1];
      if (next) counts.set(`${word} ${next}`, (counts.get(`${word} ${next}`) ?? 0) + 1);
    }
  }
  const scored: Keyword[] = [];
  for (const [term, count] of counts) {
    const parts = term.split(' ');
    if (parts.every((p) => entityWords.has(p))) continue;
    if (parts.length === 2 && count < 2) continue;
    const weight = parts.length === 2 ? 1.5 * Math.min(...parts.map(idf)) : idf(term);
    scored.push({ text: term, score: (1 + Math.log(count)) * weight });
  }
  scored.sort((a, b) => b.score - a.score || a.text.localeCompare(b.text));
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
