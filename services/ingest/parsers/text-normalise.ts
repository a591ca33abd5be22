import { TextDecoder } from 'node:util';
import { failure, parseError, success, type Outcome } from './parse-error.ts';
import { firstInvalidUtf8Offset } from './text-policy.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('windows-1252');

/**
 * Decodes wire bytes: UTF-8 when they are valid UTF-8. Otherwise, when the document declares UTF-8
 * (a charset parameter, an XML declaration) or implies it (JSON always, XML without a declaration),
 * a refusal naming the first bad byte; else the declared charset when the runtime knows it, else
 * Windows-1252 (undeclared plain text from older systems).
 */
export function decodeText(bytes: Uint8Array, declaredCharset: string | null = null, utf8Implied = false): Outcome<string> {
  const bom = hasUtf8Bom(bytes) ? 3 : 0;
  const body = bytes.subarray(bom);
  try {
    // Bytes that are valid UTF-8 are UTF-8 whatever the declaration says: mislabelled feeds are common,
    // and Latin-1 text that happens to be valid UTF-8 is vanishingly rare.
    return success(UTF8.decode(body));
  } catch {
    const declaresUtf8 = declaredCharset !== null && /^utf-?8$/i.test(declaredCharset.trim());
    if (declaresUtf8 || (declaredCharset === null && utf8Implied) || bom > 0) {
      const offset = bom + (firstInvalidUtf8Offset(body) ?? 0);
      return failure(parseError('malformed_text', `invalid UTF-8 at byte ${offset}: the document ${declaresUtf8 ? 'declares' : 'implies'} UTF-8`, { offset }));
    }
    const declared = declaredCharset === null ? null : decoderFor(declaredCharset);
    return success((declared ?? LATIN1).decode(body));
  }
}

function decoderFor(charset: string): TextDecoder | null {
  try {
    return new TextDecoder(charset.trim().toLowerCase());
  } catch {
    return null;
  }
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Collapses every run of whitespace (including no-break and line separators) to one space. */
export function foldWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/g, ' ').trim();
}

/**
 * Splits text into paragraphs at blank lines. Line breaks inside a paragraph are hard wraps and
 * become single spaces; the words of a paragraph are otherwise kept as sent.
 */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n/)
    .map(foldWhitespace)
    .filter((paragraph) => paragraph.length > 0);
}

export function wordCount(text: string): number {
  const folded = foldWhitespace(text);
  return folded === '' ? 0 : folded.split(' ').length;
}

/** C0 controls other than tab, line feed, form feed and carriage return: ANPA/IPTC 7901 framing or binary. */
export function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** Cuts text at a word boundary so that it is at most `max` characters, marking the cut with an ellipsis. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:–—-]+$/u, '')}…`;
}
