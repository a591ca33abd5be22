import type { Article, RawFormat } from '../../contracts/types.generated.ts';
import type { ArticleDraft, ParsedFormat } from './article-draft.ts';
import { buildArticle, DEFAULT_CONTENT_TYPES } from './build-article.ts';
import { parseNewsmlG2Items } from './newsml-g2.ts';
import { parseNinjsItems } from './ninjs.ts';
import { parseNitf } from './nitf.ts';
import { failure, parseError, type Outcome, type ParseError } from './parse-error.ts';
import { parsePlainText } from './plain-text.ts';
import { plainTextWithdrawal } from './plain-withdrawal.ts';
import { chooseFormat, parseMediaType } from './sniff-format.ts';
import { MAX_ITEM_BYTES } from '../../shared/kafka/message-limits.ts';
import { decodeText } from './text-normalise.ts';
import { declaredXmlEncoding, parseXml } from './xml-tree.ts';

export { httpStatusFor, PARSE_ERROR_CODES, type HttpStatus, type ParseError, type ParseErrorCode } from './parse-error.ts';
export { chooseFormat, sniffBytes, type FormatChoice } from './sniff-format.ts';
export type { ParsedFormat } from './article-draft.ts';

export interface ParseInput {
  bytes: Buffer;
  contentType?: string;
  provider: { id: string; name: string | null };
  submissionId: string;
  /** epoch ms; the versioncreated of items that carry none, and the reference year for `Month Day` datelines */
  receivedAt: number;
}

export type ParseResult = { ok: true; format: RawFormat; article: Article } | { ok: false; format: RawFormat; error: ParseError };

/** Items larger than this are refused before any decoding (413); one of the size limits set together in message-limits.ts. */
export { MAX_ITEM_BYTES } from '../../shared/kafka/message-limits.ts';

/**
 * Parses one submitted wire item into an Article. Pure: no I/O, no clock (time comes from
 * `receivedAt`). Never throws: every refusal is a ParseError with a stable code.
 */
export function parseItem(input: ParseInput): ParseResult {
  const results = parseItems(input);
  const parsed = results.filter((result) => result.ok);
  if (parsed.length > 1) {
    return {
      ok: false,
      format: parsed[0]?.format ?? 'UNKNOWN',
      error: parseError('multiple_items', `the document carries ${parsed.length} text items; submit them one at a time`),
    };
  }
  return parsed[0] ?? results[0] ?? { ok: false, format: 'UNKNOWN', error: parseError('empty_body', 'the document carries no item') };
}

/**
 * Parses every item of a submission: one result for most documents, one per item of a NewsML-G2
 * newsMessage (which may carry several stories, packages and media items).
 */
export function parseItems(input: ParseInput): ParseResult[] {
  try {
    return parseAll(input);
  } catch (cause) {
    // A parser bug must not take the ingest process down with it; it surfaces as a refusal with the cause.
    return [{ ok: false, format: 'UNKNOWN', error: parseError('malformed_text', `the item could not be parsed: ${cause instanceof Error ? cause.message : String(cause)}`) }];
  }
}

function parseAll(input: ParseInput): ParseResult[] {
  if (input.bytes.byteLength > MAX_ITEM_BYTES) {
    return [{ ok: false, format: 'UNKNOWN', error: parseError('too_large', `the item is ${input.bytes.byteLength} bytes; the limit is ${MAX_ITEM_BYTES}`) }];
  }
  const choice = chooseFormat(input.bytes, input.contentType);
  if (choice.kind === 'refuse') return [{ ok: false, format: 'UNKNOWN', error: choice.error }];
  const { format } = choice;
  return draftsFor(format, input).map((draft): ParseResult => {
    if (!draft.ok) return { ok: false, format, error: draft.error };
    const built = buildArticle(draft.value, {
      format,
      provider: input.provider,
      submissionId: input.submissionId,
      receivedAt: input.receivedAt,
      contentType: input.contentType?.trim() || DEFAULT_CONTENT_TYPES[format],
      bytes: input.bytes,
    });
    return built.ok ? { ok: true, format, article: built.value } : { ok: false, format, error: built.error };
  });
}

function draftsFor(format: ParsedFormat, input: ParseInput): Array<Outcome<ArticleDraft>> {
  const { charset } = parseMediaType(input.contentType);
  switch (format) {
    case 'PLAIN_TEXT': {
      const text = decodeText(input.bytes, charset);
      if (!text.ok) return [failure(text.error)];
      const draft = parsePlainText(text.value, input.receivedAt);
      return [draft.ok ? draft : (plainTextWithdrawal(text.value) ?? draft)];
    }
    case 'NINJS': {
      // JSON is UTF-8 (RFC 8259) unless a charset says otherwise.
      const text = decodeText(input.bytes, charset, true);
      return text.ok ? parseNinjsItems(text.value, input.receivedAt) : [failure(text.error)];
    }
    case 'NITF':
    case 'NEWSML_G2': {
      // XML without an encoding declaration is UTF-8 (XML 1.0 §4.3.3).
      const text = decodeText(input.bytes, declaredXmlEncoding(input.bytes) ?? charset, true);
      if (!text.ok) return [failure(text.error)];
      const root = parseXml(text.value);
      if (!root.ok) return [failure(root.error)];
      return format === 'NITF' ? [parseNitf(root.value, input.receivedAt)] : parseNewsmlG2Items(root.value, input.receivedAt);
    }
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
