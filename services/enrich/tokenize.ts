import { UNSPACED_SCRIPTS } from '../shared/text/unspaced-scripts.ts';

/** A token of the enriched text with its character offsets (end exclusive). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

// Abbreviations that keep their period, so that "Mr." or "Jan." never end a sentence or split a name.
export const ABBREVIATIONS: ReadonlySet<string> = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt', 'maj', 'adm', 'cmdr',
    'st', 'mt', 'ft', 'jr', 'sr', 'rev', 'hon', 'pres', 'sec', 'supt', 'insp', 'messrs',
    'co', 'corp', 'inc', 'ltd', 'plc', 'bros', 'dept', 'univ', 'assn', 'no', 'nos', 'vs', 'etc', 'approx', 'est',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'ala', 'ariz', 'ark', 'calif', 'colo', 'conn', 'del', 'fla', 'ga', 'ill', 'ind', 'kan', 'ky', 'la', 'md',
    'mass', 'mich', 'minn', 'miss', 'mo', 'mont', 'neb', 'nev', 'okla', 'ore', 'pa', 'tenn', 'tex', 'va', 'vt',
    'wash', 'wis', 'wyo',
  ],
);

const TOKEN_PATTERN = new RegExp(
  [
    String.raw`(?:\p{Lu}\.){2,}(?:\p{Lu}\b)?`, // U.S., U.K., U.S.A.
    String.raw`\p{Lu}\.(?=\s+\p{Lu})`, // initials: Jan M. Olsen
    String.raw`\d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th|s)?`,
    String.raw`[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[-'’&.][\p{L}\p{M}\p{N}]+)*`,
    String.raw`['’]s\b`,
    String.raw`n['’]t\b`,
    String.raw`-{2,}|\.{3}|…`,
    String.raw`\S`,
  ].join('|'),
  'gu',
);

const POSSESSIVE = /^(.+?)(['’]s)$/u;
// French and Italian elided articles and prepositions before a capitalised word: "l'Ukraine", "dell'ONU".
const UPPER_INITIAL = /^\p{Lu}/u;
const ELISION = /^((?:qu|[cdjlmnst]|dell|nell|all|dall|sull|coll)['’])(?=\p{Lu})/u;
const LETTER = /\p{L}/u;
const LETTERS_ONLY = /^\p{L}+$/u;

/** Scripts written without spaces between words: their runs are split into words by ICU's dictionaries. */
const UNSPACED_SCRIPT = new RegExp(`[${UNSPACED_SCRIPTS}]`, 'u');
const WORD_SEGMENTER = new Intl.Segmenter(undefined, { granularity: 'word' });

/** A run of letters split into words where its script writes none apart ("新华社北京" → 新华社, 北京); other runs as they are. */
export function splitUnspaced(run: string): Array<{ text: string; offset: number }> {
  if (!UNSPACED_SCRIPT.test(run)) return [{ text: run, offset: 0 }];
  return [...WORD_SEGMENTER.segment(run)].filter((s) => s.segment.trim() !== '').map((s) => ({ text: s.segment, offset: s.index }));
}

/**
 * Splits text into CoNLL-like tokens: punctuation apart, possessive 's apart, abbreviations keep their
 * period, and runs of Chinese, Japanese, Thai, Lao, Khmer or Burmese split into words.
 */
export function tokenize(text: string, base = 0): Token[] {
  const tokens: Token[] = [];
  const pattern = TOKEN_PATTERN;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    let value = match[0];
    let start = match.index + base;
    // Not inside a name: "Côte d'Ivoire", "Jeanne d'Arc" keep theirs.
    const previous = tokens[tokens.length - 1];
    const elided = previous && UPPER_INITIAL.test(previous.text) ? undefined : ELISION.exec(value)?.[1];
    if (elided) {
      tokens.push({ text: elided, start, end: start + elided.length });
      start += elided.length;
      value = value.slice(elided.length);
    }
    // A word followed by 's: split the possessive off (the regex glues "Moscow's" when ' is internal).
    const possessive = value.length > 2 && value.endsWith('s') ? POSSESSIVE.exec(value) : null;
    if (possessive?.[1] && possessive[2] && LETTER.test(possessive[1])) {
      tokens.push({ text: possessive[1], start, end: start + possessive[1].length });
      start += possessive[1].length;
      value = possessive[2];
    }
    for (const word of splitUnspaced(value)) tokens.push({ text: word.text, start: start + word.offset, end: start + word.offset + word.text.length });
    const last = tokens[tokens.length - 1];
    // Keep "Mr." and "Jan." whole: the next char is the period of a known abbreviation.
    if (last && text[last.end - base] === '.' && LETTERS_ONLY.test(last.text) && ABBREVIATIONS.has(last.text.toLowerCase())) {
      last.text += '.';
      last.end += 1;
      pattern.lastIndex = last.end - base;
    }
  }
  return tokens;
}

const TYPOGRAPHIC = /[’‘`“”–—]/;

/** Folds typographic quotes and apostrophes so that features see one form. */
export function normalizeToken(text: string): string {
  if (!TYPOGRAPHIC.test(text)) return text;
  return text.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-');
}
