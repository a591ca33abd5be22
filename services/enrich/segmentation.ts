import { ABBREVIATIONS } from './tokenize.ts';

/** A stretch of the enriched text: [start, end) in UTF-16 code units. */
export interface TextSpan {
  start: number;
  end: number;
}

function trimmed(text: string, start: number, end: number): TextSpan | null {
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
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

const SENTENCE_END = /[.!?]+["”’)\]]*(?=\s+["“‘([]?[\p{Lu}\p{N}])|[.!?]+["”’)\]]*(?=\s*$)/gu;

/** Sentences inside each paragraph; a period after an abbreviation or an initial does not end one. */
export function sentences(text: string, paragraphSpans: readonly TextSpan[]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const paragraph of paragraphSpans) {
    const slice = text.slice(paragraph.start, paragraph.end);
    let start = 0;
    for (const match of slice.matchAll(SENTENCE_END)) {
      const before = /([\p{L}.]+)$/u.exec(slice.slice(Math.max(start, match.index - 40), match.index))?.[1] ?? '';
      const word = before.replace(/\.$/, '').toLowerCase();
      if (match[0].startsWith('.') && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word))) {
        // "U.S. President" continues; "in the U.S. The ..." is rare enough to accept as one sentence.
        continue;
      }
      const end = match.index + match[0].length;
      const span = trimmed(text, paragraph.start + start, paragraph.start + end);
      if (span) spans.push(span);
      start = end;
    }
    const rest = trimmed(text, paragraph.start + start, paragraph.end);
    if (rest) spans.push(rest);
  }
  return spans;
}
