import { ABBREVIATIONS } from './tokenize.ts';

/** A stretch of the enriched text: [start, end) in UTF-16 code units. */
export interface TextSpan {
  start: number;
  end: number;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

function trimmed(text: string, start: number, end: number): TextSpan | null {
  while (start < end && isSpace(text.charCodeAt(start))) start += 1;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end -= 1;
  return end > start ? { start, end } : null;
}

/**
 * Paragraphs are separated by blank lines; copy without blank lines but with indented lines (old wire
 * copy such as Reuters 1987) breaks on the indentation instead.
 */
export function paragraphs(text: string, from = 0): TextSpan[] {
  const body = text.slice(from);
  const separator = /\n[ \t]*\n/.test(body) ? /\n[ \t]*\n\s*/g : /\n(?=[ \t]{2,}\S)|\n(?=\S)(?<=[.!?"”’:]\s*\n)/g;
  const spans: TextSpan[] = [];
  let start = from;
  for (const match of body.matchAll(separator)) {
    const span = trimmed(text, start, from + match.index);
    if (span) spans.push(span);
    start = from + match.index + match[0].length;
  }
  const last = trimmed(text, start, text.length);
  if (last) spans.push(last);
  return spans;
}

// Abbreviations of other languages' wire copy that keep their period (titles, "z. B.", Russian "г." and "ул.").
const OTHER_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'sra', 'srta', 'dña', 'dra', 'lic', 'ing', 'arq', 'avda', 'núm', 'pág', 'mme', 'mlle', 'mgr', 'me', 'hr', 'fr', 'frl',
  'nr', 'bzw', 'ca', 'vgl', 'sog', 'usw', 'dipl', 'sig', 'dott', 'avv', 'on', 'sen', 'sr', 'dep', 'eng',
  'г', 'гг', 'ул', 'им', 'т', 'д', 'тыс', 'млн', 'млрд', 'руб', 'коп', 'обл', 'пос', 'проф', 'акад', 'вул', 'див', 'ін',
  'κ', 'κα', 'δρ', 'χλμ',
]);

function continuesAfterPeriod(segment: string): boolean {
  if (!segment.endsWith('.')) return false;
  const tail = segment.slice(Math.max(0, segment.length - 40), -1);
  const word = /([\p{L}.]+)$/u.exec(tail)?.[1]?.replace(/\.$/, '').toLowerCase() ?? '';
  if (word === '') return false;
  // "U.S. President" and "J. Smith" continue; "in the U.S. The ..." is rare enough to accept as one sentence.
  return ABBREVIATIONS.has(word) || OTHER_ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word);
}

const segmenters = new Map<string, Intl.Segmenter>();

function sentenceSegmenter(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    const locale = Intl.Segmenter.supportedLocalesOf([language]).length > 0 ? language : 'en';
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/**
 * Sentences inside each paragraph, by the Unicode sentence rules of `Intl.Segmenter` (linear in the text,
 * any script); a period after an abbreviation or an initial does not end one.
 */
export function sentences(text: string, paragraphSpans: readonly TextSpan[], language = 'en'): TextSpan[] {
  const segmenter = sentenceSegmenter(language === 'und' ? 'en' : language);
  const spans: TextSpan[] = [];
  for (const paragraph of paragraphSpans) {
    const slice = text.slice(paragraph.start, paragraph.end);
    let start = 0;
    for (const { segment, index } of segmenter.segment(slice)) {
      const end = index + segment.length;
      if (end < slice.length && continuesAfterPeriod(segment.trimEnd())) continue;
      const span = trimmed(text, paragraph.start + start, paragraph.start + end);
      if (span) spans.push(span);
      start = end;
    }
    const rest = trimmed(text, paragraph.start + start, paragraph.end);
    if (rest) spans.push(rest);
  }
  return spans;
}
