export type ParseErrorCode =
  | 'unsupported_media_type'
  | 'unsupported_format'
  | 'unsupported_item_type'
  | 'multiple_items'
  | 'too_large'
  | 'malformed_json'
  | 'malformed_xml'
  | 'malformed_text'
  | 'unsafe_xml'
  | 'missing_field'
  | 'invalid_value'
  | 'empty_body'
  | 'invalid_character'
  | 'implausible_date';

export interface ParseError {
  readonly code: ParseErrorCode;
  readonly message: string;
  /** JSON pointer (ninjs) or an XPath-like path (XML) of the offending field. */
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
  /** Byte offset in the submitted document (invalid UTF-8). */
  readonly offset?: number;
}

export type HttpStatus = 400 | 413 | 415 | 422;

/** The HTTP status a refusal maps to, for RFC 9457 problem+json responses. */
export function httpStatusFor(code: ParseErrorCode): HttpStatus {
  switch (code) {
    case 'unsupported_media_type':
    case 'unsupported_format':
      return 415;
    case 'too_large':
      return 413;
    case 'malformed_json':
    case 'malformed_xml':
    case 'malformed_text':
    case 'unsafe_xml':
      return 400;
    case 'unsupported_item_type':
    case 'multiple_items':
    case 'missing_field':
    case 'invalid_value':
    case 'empty_body':
    case 'invalid_character':
    case 'implausible_date':
      return 422;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export const PARSE_ERROR_CODES: readonly ParseErrorCode[] = [
  'unsupported_media_type',
  'unsupported_format',
  'unsupported_item_type',
  'multiple_items',
  'too_large',
  'malformed_json',
  'malformed_xml',
  'malformed_text',
  'unsafe_xml',
  'missing_field',
  'invalid_value',
  'empty_body',
  'invalid_character',
  'implausible_date',
];

export function parseError(
  code: ParseErrorCode,
  message: string,
  where: { field?: string; line?: number; column?: number; offset?: number } = {},
): ParseError {
  return { code, message, ...where };
}

/** A parser step either yields a value or a refusal; refusals are values, never exceptions. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ParseError };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const failure = <T>(error: ParseError): Outcome<T> => ({ ok: false, error });
