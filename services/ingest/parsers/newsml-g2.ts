import type { Association, Concept, Dateline, Headline, Place, PubStatus, Signal } from '../../contracts/types.generated.ts';
import { concept, emptyDraft, place, type ArticleDraft } from './article-draft.ts';
import { parseIsoDateTime } from './date-time.ts';
import { normaliseCity, parseDatelineText } from './dateline.ts';
import { htmlToParagraphs, looksLikeHtml } from './html-text.ts';
import { nitfStory } from './nitf.ts';
import { failure, parseError, success, type Outcome } from './parse-error.ts';
import { foldWhitespace, splitParagraphs } from './text-normalise.ts';
import { attr, child, childrenNamed, descendants, elements, paragraphsOf, textOf, type XmlElement } from './xml-tree.ts';

const OTHER_ITEMS = ['packageItem', 'conceptItem', 'knowledgeItem', 'planningItem', 'catalogItem'];

/** One outcome per item of a NewsML-G2 document: a newsItem on its own, or each item of a newsMessage. */
export function parseNewsmlG2Items(root: XmlElement, receivedAt: number): Array<Outcome<ArticleDraft>> {
  if (root.name === 'newsItem') return [parseNewsItem(root, '/newsItem', receivedAt)];
  if (OTHER_ITEMS.includes(root.name)) return [notAnArticle(root.name, `/${root.name}`)];
  if (root.name !== 'newsMessage') {
    return [failure(parseError('unsupported_format', `expected a NewsML-G2 newsItem or newsMessage, got <${root.name}>`, { field: `/${root.name}` }))];
  }
  const items = elements(child(root, 'itemSet'));
  if (items.length === 0) return [failure(parseError('missing_field', 'newsMessage has no items in its itemSet', { field: '/newsMessage/itemSet' }))];
  return items.map((item, index) => {
    const where = `/newsMessage/itemSet/${item.name}[${index + 1}]`;
    return item.name === 'newsItem' ? parseNewsItem(item, where, receivedAt) : notAnArticle(item.name, where);
  });
}

function notAnArticle(name: string, where: string): Outcome<ArticleDraft> {
  return failure(parseError('unsupported_item_type', `a NewsML-G2 ${name} is not a text story; submit the text newsItems it refers to`, { field: where }));
}

function parseNewsItem(item: XmlElement, where: string, receivedAt: number): Outcome<ArticleDraft> {
  const itemMeta = child(item, 'itemMeta');
  const contentMeta = child(item, 'contentMeta');
  const itemClass = attr(child(itemMeta, 'itemClass'), 'qcode');
  if (itemClass !== null && !/:text$/i.test(itemClass)) {
    return failure(parseError('unsupported_item_type', `newsItem of class ${itemClass} carries no text story; only text items are ingested`, { field: `${where}/itemMeta/itemClass/@qcode` }));
  }
  const draft = emptyDraft();
  draft.providerItemId = attr(item, 'guid');
  if (draft.providerItemId === null) return failure(parseError('missing_field', 'newsItem has no guid', { field: `${where}/@guid` }));

  const version = attr(item, 'version');
  if (version !== null) {
    const number = Number(version);
    if (!Number.isSafeInteger(number) || number < 0) return failure(parseError('invalid_value', `version must be a non-negative integer, got '${version}'`, { field: `${where}/@version` }));
    draft.version = number;
  }

  for (const [name, apply] of [
    ['versionCreated', (ms: number) => (draft.versioncreated = ms)],
    ['firstCreated', (ms: number) => (draft.firstcreated = ms)],
    ['embargoed', (ms: number) => (draft.embargoed = ms)],
  ] as const) {
    const text = textOf(child(itemMeta, name));
    if (text === null) continue;
    const ms = parseIsoDateTime(text);
    if (ms === null) return failure(parseError('invalid_value', `${name} must be an ISO 8601 date-time, got '${text}'`, { field: `${where}/itemMeta/${name}` }));
    apply(ms);
  }

  const status = attr(child(itemMeta, 'pubStatus'), 'qcode');
  if (status !== null) {
    const pubstatus = toPubStatus(status);
    if (pubstatus === null) return failure(parseError('invalid_value', `pubStatus must be stat:usable, stat:withheld or stat:canceled, got '${status}'`, { field: `${where}/itemMeta/pubStatus/@qcode` }));
    draft.pubstatus = pubstatus;
  }
  draft.signals = childrenNamed(itemMeta, 'signal').flatMap((signal) => signalFor(attr(signal, 'qcode') ?? attr(signal, 'literal') ?? ''));
  const notes = childrenNamed(itemMeta, 'edNote').map((note) => textOf(note)).filter((note): note is string => note !== null);
  draft.ednote = notes.length > 0 ? notes.join(' ') : null;
  draft.language = attr(child(contentMeta, 'language'), 'tag') ?? attr(item, 'lang');

  draft.headlines = childrenNamed(contentMeta, 'headline')
    .map((headline): Headline | null => {
      const value = textOf(headline);
      const role = attr(headline, 'role')?.replace(/^.*:/, '') ?? 'main';
      return value === null ? null : { role: role === 'main' || role === 'hdl' ? 'main' : role, contenttype: 'text/plain', value };
    })
    .filter((headline): headline is Headline => headline !== null)
    .sort((a, b) => Number(b.role === 'main') - Number(a.role === 'main'));
  const bylines = childrenNamed(contentMeta, 'by').map((by) => textOf(by)).filter((by): by is string => by !== null);
  draft.byline = bylines.length > 0 ? bylines.join('; ') : null;
  draft.credit = textOf(child(contentMeta, 'creditline')) ?? attr(child(contentMeta, 'infoSource'), 'literal');

  const referenceTime = draft.versioncreated ?? receivedAt;
  const body = bodyOf(child(item, 'contentSet'), referenceTime);
  draft.paragraphs = body.paragraphs;
  if (draft.headlines.length === 0) draft.headlines = body.headlines;
  draft.byline ??= body.byline;
  draft.located = datelineOf(contentMeta, referenceTime) ?? body.located;

  const subjects = childrenNamed(contentMeta, 'subject').map((subject) => ({ subject, entry: conceptOf(subject) }));
  const kindOf = (subject: XmlElement): string => (attr(subject, 'type') ?? '').toLowerCase();
  draft.people = subjects.filter(({ subject }) => kindOf(subject).endsWith(':person')).flatMap(({ entry }) => (entry ? [entry] : []));
  draft.organisations = subjects.filter(({ subject }) => /:(organisation|organization|company)$/.test(kindOf(subject))).flatMap(({ entry }) => (entry ? [entry] : []));
  draft.places = subjects
    .filter(({ subject }) => /:(geoarea|poi|5)$/.test(kindOf(subject)))
    .flatMap(({ entry }): Place[] => (entry ? [{ ...place(entry.name, entry.uri), rel: entry.rel }] : []));
  draft.subjects = subjects
    .filter(({ subject }) => !/:(person|organisation|organization|company|geoarea|poi|5)$/.test(kindOf(subject)))
    .flatMap(({ entry }) => (entry ? [entry] : []));
  draft.associations = childrenNamed(itemMeta, 'link').flatMap(associationOf);
  draft.keywords = childrenNamed(contentMeta, 'keyword').map((keyword) => textOf(keyword)).filter((keyword): keyword is string => keyword !== null);
  return success(draft);
}

const ASSOCIATION_LINKS = new Set(['irel:seeAlso', 'irel:associatedWith']);

/** Links to related items (see also, associated with) are the item's associations; other links (versions, packages) are not. */
function associationOf(link: XmlElement): Association[] {
  const uri = attr(link, 'href') ?? attr(link, 'residref');
  if (uri === null || !ASSOCIATION_LINKS.has(attr(link, 'rel') ?? '')) return [];
  return [{ name: textOf(child(link, 'title')) ?? uri, uri, type: null }];
}

interface G2Body {
  paragraphs: string[];
  headlines: Headline[];
  byline: string | null;
  located: Dateline | null;
}

function bodyOf(contentSet: XmlElement | null, referenceTime: number): G2Body {
  const empty: G2Body = { paragraphs: [], headlines: [], byline: null, located: null };
  for (const content of elements(contentSet)) {
    if (content.name === 'inlineXML') {
      const nitf = content.name === 'inlineXML' ? (descendants(content, 'nitf')[0] ?? null) : null;
      if (nitf !== null) {
        const story = nitfStory(nitf, referenceTime);
        if (story.paragraphs.length > 0) return story;
        continue;
      }
      const html = descendants(content, 'body')[0] ?? descendants(content, 'html')[0] ?? content;
      const paragraphs = paragraphsOf(html);
      if (paragraphs.length > 0) return { ...empty, paragraphs };
    }
    if (content.name === 'inlineData') {
      const raw = content.children.map((node) => (node.kind === 'text' ? node.text : '')).join('');
      const contenttype = (attr(content, 'contenttype') ?? '').toLowerCase();
      const paragraphs = contenttype.includes('html') || looksLikeHtml(raw) ? htmlToParagraphs(raw) : textParagraphs(raw);
      if (paragraphs.length > 0) return { ...empty, paragraphs };
    }
  }
  return empty;
}

function textParagraphs(text: string): string[] {
  return /\n[ \t]*\n/.test(text) ? splitParagraphs(text) : text.split(/\r?\n/).map(foldWhitespace).filter((line) => line !== '');
}

function datelineOf(contentMeta: XmlElement | null, referenceTime: number): Dateline | null {
  const located = child(contentMeta, 'located');
  const locatedName = conceptName(located);
  const broader = childrenNamed(located, 'broader');
  const country = conceptName(broader.find((element) => /^(cntry|country|iso3166[\w-]*):/i.test(attr(element, 'qcode') ?? '')) ?? broader.at(-1) ?? null);
  const printed = textOf(child(contentMeta, 'dateline'));
  // Some agencies (Reuters) put a transmission timestamp in <dateline>; that is no dateline.
  const parsed = printed === null || parseIsoDateTime(printed.replace(/\s+GMT.*$/, '').replace(' ', 'T')) !== null ? null : parseDatelineText(printed, referenceTime);
  if (locatedName === null && parsed === null) return null;
  return {
    text: parsed?.text ?? locatedName ?? '',
    city: locatedName === null ? (parsed?.city ?? null) : normaliseCity(locatedName),
    country: country ?? parsed?.country ?? null,
    date: parsed?.date ?? null,
    source: parsed?.source ?? null,
  };
}

/** A concept's name, its literal, or failing those a readable qcode such as `city:Philadelphia`. */
function conceptName(element: XmlElement | null): string | null {
  const readableCode = /^[\w-]+:(\p{L}[\p{L} .'-]*)$/u.exec(attr(element, 'qcode') ?? '')?.[1] ?? null;
  return textOf(child(element, 'name')) ?? attr(element, 'literal') ?? readableCode;
}

function conceptOf(subject: XmlElement): Concept | null {
  const qcode = attr(subject, 'qcode') ?? attr(subject, 'uri');
  const name = textOf(child(subject, 'name')) ?? attr(subject, 'literal') ?? qcode;
  if (name === null) return null;
  return { ...concept(name, qcode, attr(subject, 'literal')), rel: attr(subject, 'rel') };
}

function toPubStatus(qcode: string): PubStatus | null {
  const status = qcode.replace(/^.*:/, '').toLowerCase();
  if (status === 'usable' || status === 'withheld' || status === 'canceled') return status;
  return status === 'cancelled' ? 'canceled' : null;
}

function signalFor(qcode: string): Signal[] {
  const code = qcode.replace(/^.*:/, '').toLowerCase();
  if (code === 'update' || code === 'writethru') return ['UPDATE'];
  if (code === 'correction' || code === 'corrected') return ['CORRECTION'];
  if (code === 'kill' || code === 'withdrawn' || code === 'withdrawal') return ['KILL'];
  return [];
}
