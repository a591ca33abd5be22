import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { failure, parseError, success, type Outcome } from './parse-error.ts';
import { foldWhitespace } from './text-normalise.ts';

export interface XmlElement {
  readonly kind: 'element';
  /** Local name: namespace prefixes are dropped (`x:html` → `html`). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
}
export type XmlNode = XmlElement | XmlText;

const MAX_DEPTH = 200;

// External entities are never resolved by fast-xml-parser; any DOCTYPE entity declaration is refused
// before parsing so that entity expansion (billion laughs) cannot happen either.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The encoding named in the XML declaration, read from the ASCII-compatible prefix of the bytes. */
export function declaredXmlEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  return /^\s*(?:\ufeff|ï»¿)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1] ?? null;
}

export function parseXml(text: string): Outcome<XmlElement> {
  const entity = /<!ENTITY/i.exec(text);
  if (entity) {
    return failure(
      parseError('unsafe_xml', 'XML with DOCTYPE entity declarations is refused (entity expansion and external entities are unsafe)', positionOf(text, entity.index)),
    );
  }
  const validation = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (validation !== true) {
    return failure(parseError('malformed_xml', `malformed XML: ${validation.err.msg}`, { line: validation.err.line, column: validation.err.col }));
  }
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (cause) {
    return failure(parseError('malformed_xml', `malformed XML: ${cause instanceof Error ? cause.message : String(cause)}`));
  }
  const nodes = convertNodes(raw, 0);
  if (nodes === null) return failure(parseError('malformed_xml', `XML nested deeper than ${MAX_DEPTH} elements`));
  const root = nodes.find((node): node is XmlElement => node.kind === 'element');
  return root ? success(root) : failure(parseError('malformed_xml', 'XML document has no root element'));
}

function convertNodes(raw: unknown, depth: number): XmlNode[] | null {
  if (!Array.isArray(raw)) return [];
  if (depth > MAX_DEPTH) return null;
  const nodes: XmlNode[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (key === ':@') continue;
      if (key === '#text') {
        nodes.push({ kind: 'text', text: String(value) });
        continue;
      }
      const children = convertNodes(value, depth + 1);
      if (children === null) return null;
      nodes.push({ kind: 'element', name: key, attributes: attributesOf(entry), children });
    }
  }
  return nodes;
}

function attributesOf(entry: object): Record<string, string> {
  const raw = (entry as Record<string, unknown>)[':@'];
  if (typeof raw !== 'object' || raw === null) return {};
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    attributes[key] = typeof value === 'string' ? value : String(value);
  }
  return attributes;
}

function positionOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

export function elements(parent: XmlElement | null | undefined): XmlElement[] {
  return parent ? parent.children.filter((node): node is XmlElement => node.kind === 'element') : [];
}

export function childrenNamed(parent: XmlElement | null | undefined, name: string): XmlElement[] {
  return elements(parent).filter((element) => element.name === name);
}

export function child(parent: XmlElement | null | undefined, name: string): XmlElement | null {
  return elements(parent).find((element) => element.name === name) ?? null;
}

/** Follows a path of child names: `path(root, 'head', 'docdata', 'doc-id')`. */
export function path(parent: XmlElement | null | undefined, ...names: string[]): XmlElement | null {
  let current: XmlElement | null = parent ?? null;
  for (const name of names) current = child(current, name);
  return current;
}

/** Every descendant element with that local name, in document order. */
export function descendants(parent: XmlElement | null | undefined, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const stack: XmlElement[] = [];
  pushReversed(stack, elements(parent));
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.name === name) found.push(next);
    pushReversed(stack, elements(next));
  }
  return found;
}

/** A loop, not `push(...items)`: spreading 125,000 siblings as arguments overflows the call stack. */
function pushReversed<T>(stack: T[], items: readonly T[]): void {
  for (let index = items.length - 1; index >= 0; index -= 1) stack.push(items[index]!);
}

export function attr(element: XmlElement | null | undefined, name: string): string | null {
  const value = element?.attributes[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/** All text below an element, whitespace-folded; null when there is none. */
export function textOf(element: XmlElement | null | undefined, skip: ReadonlySet<string> = new Set()): string | null {
  if (!element) return null;
  const pieces: string[] = [];
  const stack: XmlNode[] = [element];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'text') pieces.push(node.text);
    else if (node === element || !skip.has(node.name)) {
      if (BLOCKS.has(node.name)) pieces.push(' ');
      pushReversed(stack, node.children);
    }
  }
  const text = foldWhitespace(pieces.join(''));
  return text === '' ? null : text;
}

const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hl1', 'hl2', 'tr', 'blockquote', 'pre', 'bq', 'dt', 'dd',
  'caption', 'section', 'article', 'block', 'table', 'ul', 'ol', 'dl', 'fn', 'note', 'body.content', 'body', 'hr',
]);
const SKIPPED = new Set(['head', 'title', 'script', 'style', 'media', 'media-reference', 'media-metadata', 'body.head', 'body.end']);

/** Block-aware text of a body: each paragraph-level element becomes one paragraph, inline markup is dropped. */
export function paragraphsOf(element: XmlElement): string[] {
  const paragraphs: string[] = [];
  let buffer: string[] = [];
  const flush = (): void => {
    const text = foldWhitespace(buffer.join(''));
    if (text !== '') paragraphs.push(text);
    buffer = [];
  };
  type Step = { node: XmlNode } | { leave: string };
  const stack: Step[] = [];
  pushReversed(stack, element.children.map((node) => ({ node })));
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('leave' in step) {
      if (BLOCKS.has(step.leave)) flush();
      continue;
    }
    const { node } = step;
    if (node.kind === 'text') {
      buffer.push(node.text);
      continue;
    }
    if (SKIPPED.has(node.name)) continue;
    if (BLOCKS.has(node.name)) flush();
    stack.push({ leave: node.name });
    pushReversed(stack, node.children.map((child) => ({ node: child })));
  }
  flush();
  return paragraphs;
}
