import { detectLanguage } from '../../enrich/language.ts';
import type { ConllDocument } from './conll-reader.ts';

/** Sentences shorter than this say too little for any identifier: headlines, bylines, scores. */
const MIN_SENTENCE_CHARS = 60;

export interface LanguageIdCount {
  right: number;
  total: number;
  /** the wrong guesses, by code, most frequent first */
  wrong: Array<[string, number]>;
}

export interface LanguageIdScores {
  sentences: LanguageIdCount;
  documents: LanguageIdCount;
}

function count(texts: readonly string[], language: string): LanguageIdCount {
  const wrong = new Map<string, number>();
  let right = 0;
  for (const text of texts) {
    const code = detectLanguage(text).code;
    if (code === language) right += 1;
    else wrong.set(code, (wrong.get(code) ?? 0) + 1);
  }
  return { right, total: texts.length, wrong: [...wrong].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) };
}

/** How often `detectLanguage` names the set's language, per sentence (of 60 characters or more) and per document. */
export function scoreLanguageId(docs: readonly ConllDocument[], language: string): LanguageIdScores {
  const sentences = docs.map((doc) => doc.sentences.map((s) => s.tokens.join(' ')));
  return {
    sentences: count(sentences.flat().filter((s) => s.length >= MIN_SENTENCE_CHARS), language),
    documents: count(sentences.map((doc) => doc.join(' ')).filter((d) => d.length > 0), language),
  };
}

export function formatLanguageId(scores: LanguageIdScores): string {
  const line = (c: LanguageIdCount): string => `${c.right}/${c.total}${c.wrong.length > 0 ? ` (wrong: ${c.wrong.slice(0, 5).map(([code, n]) => `${code} ${n}`).join(', ')})` : ''}`;
  return `language identified: sentences of ${MIN_SENTENCE_CHARS}+ characters ${line(scores.sentences)}; documents ${line(scores.documents)}`;
}
