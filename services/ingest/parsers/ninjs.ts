import type { Association, Concept, Headline, Place, PubStatus, Signal } from '../../contracts/types.generated.ts';
import { concept, emptyDraft, place, type ArticleDraft } from './article-draft.ts';
import { parseIsoDateTime } from './date-time.ts';
import { parseDatelineText } from './dateline.ts';
import { htmlToParagraphs, looksLikeHtml } from './html-text.ts';
import { failure, parseError, success, type Outcome } from './parse-error.ts';
import { foldWhitespace, splitParagraphs } from './text-normalise.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A field looked up case-insensitively (ninjs 1.x/2.x are lower case, 3.x camelCase), with its pointer. */
interface Field {
  pointer: string;
  value: Json;
}

const ITEM_KEYS = ['uri', 'guid', 'headline', 'headlines', 'body_text', 'body_html', 'body_xhtml', 'bodies', 'versioncreated'];
const TEXT_TYPES = new Set(['text', 'composite', 'story', 'article']);

const MAX_FEED_ITEMS = 1000;

/**
 * IPTC ninjs 1.x, 2.x and 3.x: one item, or a feed document wrapping several (`{items: [...]}`,
 * `{item: [...]}`, `{data: {items: [...]}}` as agencies' search and feed endpoints return them,
 * each entry an item or `{item: {...}}`), one outcome per item in document order. Only text items
 * are articles; pictures, audio, video and events are refused.
 */
export function parseNinjsItems(text: string, receivedAt: number): Array<Outcome<ArticleDraft>> {
  let parsed: Json;
  try {
    parsed = JSON.parse(text.replace(/^\ufeff/, '')) as Json;
  } catch (cause) {
    return [failure(parseError('malformed_json', `malformed JSON: ${cause instanceof Error ? cause.message : String(cause)}`, jsonErrorPosition(text, cause)))];
  }
  if (!isObject(parsed)) {
    return [failure(parseError('unsupported_format', `expected a ninjs object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`, { field: '' }))];
  }
  const feed = feedEntries(parsed);
  if (feed === null) return [parseNinjsItem(parsed, receivedAt)];
  if (feed.entries.length === 0) return [failure(parseError('missing_field', 'the ninjs feed wraps no items', { field: feed.pointer }))];
  if (feed.entries.length > MAX_FEED_ITEMS) return [failure(parseError('invalid_value', `a ninjs feed may wrap at most ${MAX_FEED_ITEMS} items, got ${feed.entries.length}`, { field: feed.pointer }))];
  return feed.entries.map((entry, index) => {
    const wrapped = isObject(entry) ? (field(entry, 'item')?.value ?? null) : null;
    const item = isObject(wrapped) && !Array.isArray(wrapped) ? wrapped : entry;
    const pointer = `${feed.pointer}/${index}${item === entry ? '' : '/item'}`;
    if (!isObject(item)) return failure(parseError('unsupported_format', `feed entry ${index} is not a ninjs object`, { field: pointer }));
    const outcome = parseNinjsItem(item, receivedAt);
    return outcome.ok ? outcome : failure({ ...outcome.error, field: `${pointer}${outcome.error.field ?? ''}` });
  });
}

/** The wrapped items of a feed document, or null for a document that is one item. */
function feedEntries(document: JsonObject): { pointer: string; entries: Json[] } | null {
  if (ITEM_KEYS.some((key) => field(document, key) !== null)) return null;
  for (const key of ['items', 'item']) {
    const list = field(document, key);
    if (list !== null && Array.isArray(list.value)) return { pointer: list.pointer, entries: list.value };
  }
  const data = field(document, 'data');
  if (data !== null && isObject(data.value)) {
    const list = field(data.value, 'items');
    if (list !== null && Array.isArray(list.value)) return { pointer: `${data.pointer}${list.pointer}`, entries: list.value };
  }
  return null;
}

function parseNinjsItem(item: JsonObject, receivedAt: number): Outcome<ArticleDraft> {
  if (!ITEM_KEYS.some((key) => field(item, key) !== null)) {
    return failure(parseError('unsupported_format', 'JSON is not a ninjs item: it has none of uri, guid, headline(s), body or versioncreated', { field: '' }));
  }
  const type = stringField(item, 'type');
  if (type !== null && !TEXT_TYPES.has(type.value.toLowerCase())) {
    return failure(parseError('unsupported_item_type', `ninjs type '${type.value}' carries no text story; only text items are ingested`, { field: type.pointer }));
  }

  const draft = emptyDraft();
  const id = stringField(item, 'uri') ?? stringField(item, 'guid');
  if (id === null) return failure(parseError('missing_field', 'ninjs item has no uri (or guid)', { field: '/uri' }));
  draft.providerItemId = id.value;

  const version = field(item, 'version');
  if (version !== null && version.value !== null) {
    const number = typeof version.value === 'number' ? version.value : typeof version.value === 'string' ? Number(version.value.trim()) : NaN;
    if (!Number.isSafeInteger(number) || number < 0) {
      return failure(parseError('invalid_value', `version must be a non-negative integer, got ${JSON.stringify(version.value)}`, { field: version.pointer }));
    }
    draft.version = number;
  }

  for (const [key, apply] of [
    ['versioncreated', (ms: number) => (draft.versioncreated = ms)],
    ['firstcreated', (ms: number) => (draft.firstcreated = ms)],
    ['embargoed', (ms: number) => (draft.embargoed = ms)],
    ['embargoeduntil', (ms: number) => (draft.embargoed = ms)],
  ] as const) {
    const date = field(item, key);
    if (date === null || date.value === null) continue;
    const ms = typeof date.value === 'string' ? parseIsoDateTime(date.value) : null;
    if (ms === null) return failure(parseError('invalid_value', `${key} must be an ISO 8601 date-time, got ${JSON.stringify(date.value)}`, { field: date.pointer }));
    apply(ms);
  }

  const pubstatus = stringField(item, 'pubstatus');
  if (pubstatus !== null) {
    const status = toPubStatus(pubstatus.value);
    if (status === null) return failure(parseError('invalid_value', `pubstatus must be usable, withheld or canceled, got '${pubstatus.value}'`, { field: pubstatus.pointer }));
    draft.pubstatus = status;
  }

  draft.headlines = headlinesOf(item);
  draft.paragraphs = paragraphsOf(item);
  draft.byline = stringField(item, 'byline')?.value ?? stringField(item, 'by')?.value ?? null;
  draft.language = stringField(item, 'language')?.value ?? null;
  draft.ednote = stringField(item, 'ednote')?.value ?? null;
  const located = stringField(item, 'located');
  draft.located = located === null ? null : parseDatelineText(located.value, draft.versioncreated ?? receivedAt);
  draft.subjects = concepts(item, ['subjects', 'subject']);
  draft.people = concepts(item, ['people', 'person']);
  draft.organisations = concepts(item, ['organisations', 'organisation']);
  draft.places = concepts(item, ['places', 'place']).map((entry): Place => ({ ...place(entry.name, entry.uri), rel: entry.rel }));
  draft.keywords = stringsOf(field(item, 'keywords')?.value ?? null);
  draft.associations = associationsOf(item);
  draft.signals = signalsOf(item);
  draft.credit = stringField(item, 'source')?.value ?? creditFromInfoSources(item);
  return success(draft);
}

function headlinesOf(item: JsonObject): Headline[] {
  const headlines: Headline[] = [];
  const list = field(item, 'headlines')?.value;
  if (Array.isArray(list)) {
    for (const entry of list) {
      if (!isObject(entry)) continue;
      const value = stringField(entry, 'value')?.value;
      if (value === undefined) continue;
      const contenttype = stringField(entry, 'contenttype')?.value ?? 'text/plain';
      const role = stringField(entry, 'role')?.value ?? 'main';
      headlines.push({ role, contenttype: 'text/plain', value: /html|xml/.test(contenttype) || value.trimStart().startsWith('<') ? htmlToParagraphs(value).join(' ') : value });
    }
    headlines.sort((a, b) => Number(b.role === 'main') - Number(a.role === 'main'));
  }
  const single = stringField(item, 'headline')?.value;
  if (single !== undefined && !headlines.some((headline) => headline.value === single)) headlines.unshift({ role: 'main', contenttype: 'text/plain', value: single });
  return headlines;
}

/** Markup carries the paragraph structure, so an HTML body is preferred over a text body of the same story. */
function paragraphsOf(item: JsonObject): string[] {
  const candidates: Array<{ html: boolean; value: string }> = [];
  const bodies = field(item, 'bodies')?.value;
  if (Array.isArray(bodies)) {
    for (const entry of bodies) {
      if (!isObject(entry)) continue;
      const value = stringField(entry, 'value')?.value;
      if (value === undefined) continue;
      const contenttype = (stringField(entry, 'contenttype')?.value ?? '').toLowerCase();
      candidates.push({ html: contenttype.includes('html') || (contenttype === '' && looksLikeHtml(value)), value });
    }
  }
  for (const key of ['body_html', 'body_xhtml']) {
    const value = stringField(item, key)?.value;
    if (value !== undefined) candidates.push({ html: true, value });
  }
  const bodyText = stringField(item, 'body_text')?.value;
  if (bodyText !== undefined) candidates.push({ html: false, value: bodyText });
  for (const candidate of [...candidates.filter((c) => c.html), ...candidates.filter((c) => !c.html)]) {
    const paragraphs = candidate.html ? htmlToParagraphs(candidate.value) : textParagraphs(candidate.value);
    if (paragraphs.length > 0) return paragraphs;
  }
  return [];
}

function textParagraphs(text: string): string[] {
  return /\n[ \t]*\n/.test(text) ? splitParagraphs(text) : text.split(/\r?\n/).map(foldWhitespace).filter((line) => line !== '');
}

function concepts(item: JsonObject, keys: readonly string[]): Concept[] {
  const found: Concept[] = [];
  for (const key of keys) {
    const list = field(item, key)?.value;
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry === 'string' && entry.trim() !== '') {
        found.push(concept(entry.trim()));
        continue;
      }
      if (!isObject(entry)) continue;
      const code = stringField(entry, 'code')?.value ?? stringField(entry, 'qcode')?.value ?? null;
      const uri = stringField(entry, 'uri')?.value ?? (code === null ? null : (stringField(entry, 'scheme')?.value ?? '') + code);
      const literal = stringField(entry, 'literal')?.value ?? null;
      const name = stringField(entry, 'name')?.value ?? literal ?? code ?? uri;
      if (name === null) continue;
      const confidence = field(entry, 'confidence')?.value;
      found.push({ ...concept(name, uri, literal), rel: stringField(entry, 'rel')?.value ?? null, confidence: typeof confidence === 'number' ? confidence : null });
    }
  }
  return found;
}

function associationsOf(item: JsonObject): Association[] {
  const raw = field(item, 'associations')?.value ?? null;
  const entries: Array<[string, Json]> = Array.isArray(raw)
    ? raw.map((entry, index) => [isObject(entry) ? (stringField(entry, 'name')?.value ?? String(index)) : String(index), entry])
    : isObject(raw)
      ? Object.entries(raw)
      : [];
  return entries
    .filter((pair): pair is [string, JsonObject] => isObject(pair[1]))
    .map(([name, entry]) => ({
      name,
      uri: stringField(entry, 'uri')?.value ?? stringField(entry, 'guid')?.value ?? null,
      type: stringField(entry, 'type')?.value ?? null,
    }));
}

function signalsOf(item: JsonObject): Signal[] {
  const raw = field(item, 'signals')?.value ?? field(item, 'signal')?.value ?? null;
  const names = (Array.isArray(raw) ? raw : [raw]).flatMap((entry): string[] => {
    if (typeof entry === 'string') return [entry];
    if (isObject(entry)) return [stringField(entry, 'code')?.value ?? stringField(entry, 'qcode')?.value ?? stringField(entry, 'name')?.value ?? ''];
    return [];
  });
  return names.flatMap((name) => {
    const code = name.toLowerCase().replace(/^.*:/, '');
    if (/^(update|updated|writethru)$/.test(code)) return ['UPDATE' as const];
    if (/^(correction|corrected)$/.test(code)) return ['CORRECTION' as const];
    if (/^(kill|killed|withdrawn|withdrawal)$/.test(code)) return ['KILL' as const];
    return [];
  });
}

function creditFromInfoSources(item: JsonObject): string | null {
  const list = field(item, 'infosources')?.value;
  if (!Array.isArray(list)) return null;
  const first = list.find(isObject);
  return first === undefined ? null : (stringField(first, 'name')?.value ?? null);
}

function toPubStatus(value: string): PubStatus | null {
  const status = value.trim().toLowerCase().replace(/^stat:/, '');
  if (status === 'usable' || status === 'withheld' || status === 'canceled') return status;
  if (status === 'cancelled') return 'canceled';
  return null;
}

function stringsOf(value: Json): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '') : [];
}

function field(object: JsonObject, key: string): Field | null {
  const actual = Object.keys(object).find((candidate) => candidate.toLowerCase() === key);
  return actual === undefined ? null : { pointer: `/${actual.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: object[actual] ?? null };
}

function stringField(object: JsonObject, key: string): { pointer: string; value: string } | null {
  const found = field(object, key);
  if (found === null || typeof found.value !== 'string' || found.value.trim() === '') return null;
  return { pointer: found.pointer, value: found.value.trim() };
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonErrorPosition(text: string, cause: unknown): { line?: number; column?: number } {
  const position = /position (\d+)/.exec(cause instanceof Error ? cause.message : '')?.[1];
  if (position === undefined) return {};
  const before = text.slice(0, Number(position));
  return { line: before.split('\n').length, column: Number(position) - before.lastIndexOf('\n') };
}
