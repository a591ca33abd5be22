import type { ParsedFormat } from './article-draft.ts';
import { parseError, type ParseError } from './parse-error.ts';

export type FormatChoice = { kind: 'parse'; format: ParsedFormat } | { kind: 'refuse'; error: ParseError };

export interface MediaType {
  /** Lower-case `type/subtype` without parameters; '' when none was given. */
  essence: string;
  charset: string | null;
}

export function parseMediaType(contentType: string | undefined): MediaType {
  const [essence = '', ...parameters] = (contentType ?? '').split(';');
  const charset = parameters
    .map((parameter) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  return { essence: essence.trim().toLowerCase(), charset: charset ?? null };
}

const PLAIN_TYPES = new Set(['text/plain']);
const NINJS_TYPES = new Set(['application/json', 'text/json', 'application/ninjs+json', 'application/vnd.iptc.ninjs+json']);
const NITF_TYPES = new Set(['application/nitf+xml', 'application/vnd.iptc.nitf+xml', 'text/vnd.iptc.nitf+xml', 'text/vnd.iptc.nitf']);
const G2_TYPES = new Set([
  'application/vnd.iptc.g2.newsitem+xml',
  'application/vnd.iptc.g2.newsmessage+xml',
  'application/vnd.iptc.g2.packageitem+xml',
  'application/vnd.iptc.g2+xml',
]);
const GENERIC_XML_TYPES = new Set(['text/xml', 'application/xml']);
const UNDECLARED_TYPES = new Set(['', 'application/octet-stream', '*/*', 'binary/octet-stream']);

const G2_ROOTS = new Set(['newsItem', 'newsMessage', 'packageItem', 'conceptItem', 'knowledgeItem', 'planningItem', 'catalogItem']);

/**
 * Picks the parser. A specific content type is trusted; a generic XML type is refined by the root
 * element; a missing or octet-stream type falls back to sniffing the first bytes.
 */
export function chooseFormat(bytes: Uint8Array, contentType: string | undefined): FormatChoice {
  const { essence } = parseMediaType(contentType);
  if (PLAIN_TYPES.has(essence)) return parse('PLAIN_TEXT');
  if (NINJS_TYPES.has(essence)) return parse('NINJS');
  if (NITF_TYPES.has(essence)) return parse('NITF');
  if (G2_TYPES.has(essence)) return parse('NEWSML_G2');
  if (GENERIC_XML_TYPES.has(essence) || (essence.endsWith('+xml') && essence.startsWith('application/'))) return sniffXml(headOf(bytes));
  if (UNDECLARED_TYPES.has(essence)) return sniffBytes(bytes);
  return {
    kind: 'refuse',
    error: parseError(
      'unsupported_media_type',
      `content type '${essence}' is not accepted; send text/plain, application/ninjs+json, application/nitf+xml or application/vnd.iptc.g2.newsitem+xml`,
    ),
  };
}

export function sniffBytes(bytes: Uint8Array): FormatChoice {
  const head = headOf(bytes);
  const first = head.trimStart().charAt(0);
  if (first === '{' || first === '[') return parse('NINJS');
  if (first === '<') return sniffXml(head);
  return parse('PLAIN_TEXT');
}

function sniffXml(head: string): FormatChoice {
  const root = rootElementName(head);
  if (root === null) return { kind: 'refuse', error: parseError('malformed_xml', 'no XML root element found in the first 8 KiB') };
  const local = root.replace(/^.*:/, '');
  if (local === 'nitf') return parse('NITF');
  if (G2_ROOTS.has(local)) return parse('NEWSML_G2');
  const known = local === 'NewsML' ? 'NewsML 1.x' : `XML with root <${root}>`;
  return {
    kind: 'refuse',
    error: parseError('unsupported_format', `${known} is not a supported wire format; send NITF, NewsML-G2, ninjs or plain text`),
  };
}

export function rootElementName(head: string): string | null {
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, '');
  return /<([A-Za-z_][\w.:-]*)/.exec(withoutComments)?.[1] ?? null;
}

function headOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 8192)).toString('latin1').replace(/^ï»¿/, '');
}

function parse(format: ParsedFormat): FormatChoice {
  return { kind: 'parse', format };
}
