import { TextDecoder } from 'node:util';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('windows-1252');

/**
 * Decodes wire bytes: UTF-8 when they are valid UTF-8, otherwise the declared charset (XML
 * declaration or content-type parameter) when the runtime knows it, otherwise Windows-1252.
 */
export function decodeText(bytes: Uint8Array, declaredCharset: string | null = null): string {
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  try {
    // Bytes that are valid UTF-8 are UTF-8 whatever the declaration says: mislabelled feeds are common,
    // and Latin-1 text that happens to be valid UTF-8 is vanishingly rare.
    return UTF8.decode(body);
  } catch {
    const declared = declaredCharset === null || /^utf-?8$/i.test(declaredCharset) ? null : decoderFor(declaredCharset);
    return (declared ?? LATIN1).decode(body);
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
