import { parseError, type ParseError } from './parse-error.ts';

/**
 * One character policy for every format. Refused everywhere: C0 controls other than tab, line feed
 * and carriage return, DEL, and C1 controls (binary data, ANPA/IPTC 7901 framing, mis-decoded
 * bytes). Refused in headlines: bidi embeddings, overrides and isolates (U+202A–202E,
 * U+2066–2069), which can make a headline display as something else. Kept: ZWJ, ZWNJ, LRM, RLM
 * and ALM, which Arabic, Hebrew and Indic copy needs.
 */
export function forbiddenCharacter(text: string, inHeadline: boolean): number | null {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20) {
      if (code !== 0x09 && code !== 0x0a && code !== 0x0d) return code;
    } else if (code >= 0x7f && code <= 0x9f) {
      return code;
    } else if (inHeadline && ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))) {
      return code;
    }
  }
  return null;
}

export function characterError(text: string, field: string, inHeadline = false): ParseError | null {
  const code = forbiddenCharacter(text, inHeadline);
  if (code === null) return null;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const what = code >= 0x2000 ? 'a bidi override or isolate, which could make the headline read as something else' : 'a control character';
  return parseError('invalid_character', `${field} contains ${name}, ${what}`, { field });
}

/** The first error among named texts, in order. */
export function firstCharacterError(texts: Iterable<{ field: string; text: string | null; headline?: boolean }>): ParseError | null {
  for (const { field, text, headline } of texts) {
    if (text === null) continue;
    const error = characterError(text, field, headline === true);
    if (error) return error;
  }
  return null;
}

/**
 * Offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), or null. TextDecoder's fatal mode says whether, not where.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | null {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) min = 0xa0;
      if (lead === 0xed) max = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) min = 0x90;
      if (lead === 0xf4) max = 0x8f;
    } else return index;
    for (let k = 1; k < length; k += 1) {
      const next = bytes[index + k];
      if (next === undefined) return index;
      const low = k === 1 ? min : 0x80;
      const high = k === 1 ? max : 0xbf;
      if (next < low || next > high) return index;
    }
    index += length;
  }
  return null;
}
