import type { Concept, Dateline, Headline, Place, PubStatus } from '../../contracts/types.generated.ts';
import { concept, emptyDraft, place, type ArticleDraft } from './article-draft.ts';
import { isoDate, parseIsoDateTime } from './date-time.ts';
import { normaliseCity, parseDatelineText } from './dateline.ts';
import { failure, parseError, success, type Outcome } from './parse-error.ts';
import { attr, child, childrenNamed, descendants, paragraphsOf, textOf, type XmlElement } from './xml-tree.ts';

const BYLINE_SKIP = new Set(['byttl']);

/** NITF 3.x: metadata in head/docdata, story in body.head and body.content. */
export function parseNitf(root: XmlElement, receivedAt: number): Outcome<ArticleDraft> {
  if (root.name !== 'nitf') return failure(parseError('unsupported_format', `expected an <nitf> root element, got <${root.name}>`, { field: `/${root.name}` }));
  const draft = emptyDraft();
  const head = child(root, 'head');
  const docdata = child(head, 'docdata');

  const docId = child(docdata, 'doc-id');
  const duKey = child(docdata, 'du-key');
  draft.providerItemId = attr(docId, 'id-string') ?? attr(duKey, 'key');
  const version = attr(duKey, 'version');
  if (version !== null) {
    const number = Number(version);
    if (!Number.isSafeInteger(number) || number < 0) {
      return failure(parseError('invalid_value', `du-key version must be a non-negative integer, got '${version}'`, { field: '/nitf/head/docdata/du-key/@version' }));
    }
    draft.version = number;
  }

  for (const name of ['date.issue', 'date.release'] as const) {
    const norm = attr(child(docdata, name), 'norm');
    if (norm === null) continue;
    const ms = parseIsoDateTime(norm);
    // Only the issue date is the item's version time; an unreadable release date is ignored, not fatal.
    if (ms === null && name === 'date.release') continue;
    if (ms === null) return failure(parseError('invalid_value', `${name}/@norm must be an ISO 8601 date-time, got '${norm}'`, { field: `/nitf/head/docdata/${name}/@norm` }));
    if (name === 'date.issue' || draft.versioncreated === null) draft.versioncreated = ms;
    if (name === 'date.release') draft.embargoed = ms;
  }

  const status = managementStatus(attr(docdata, 'management-status'));
  draft.pubstatus = status.pubstatus;
  if (!status.embargoed) draft.embargoed = null;
  else if (draft.embargoed === null) draft.pubstatus = 'withheld';
  if (status.kill) draft.signals.push('KILL');

  draft.ednote = childrenNamed(docdata, 'ed-msg').map((message) => attr(message, 'info')).find((info) => info !== null) ?? null;
  draft.language = attr(root, 'lang') ?? attr(head, 'lang') ?? attr(child(root, 'body'), 'lang');
  draft.credit = attr(docId, 'regsrc') ?? attr(child(docdata, 'doc.copyright'), 'holder');

  const story = nitfStory(root, draft.versioncreated ?? receivedAt);
  draft.headlines = story.headlines;
  if (draft.headlines.length === 0) {
    const title = textOf(child(head, 'title'));
    if (title !== null) draft.headlines = [{ role: 'main', contenttype: 'text/plain', value: title }];
  }
  draft.byline = story.byline;
  draft.located = story.located;
  draft.paragraphs = story.paragraphs;

  const mentions = [...descendants(docdata, 'identified-content'), child(root, 'body')].filter((element): element is XmlElement => element !== null);
  draft.people = uniqueConcepts(mentions.flatMap((scope) => descendants(scope, 'person')).map(mentionConcept));
  draft.organisations = uniqueConcepts(mentions.flatMap((scope) => descendants(scope, 'org')).map(mentionConcept));
  draft.places = uniqueConcepts(mentions.flatMap((scope) => descendants(scope, 'location').filter((location) => location.children.every((node) => node.kind === 'text'))).map(mentionConcept)).map(
    (entry): Place => place(entry.name, entry.uri),
  );
  draft.subjects = uniqueConcepts([
    ...descendants(head, 'tobject.subject').map(subjectCode),
    ...descendants(docdata, 'classifier').map(mentionConcept),
  ]);
  draft.keywords = [
    ...descendants(docdata, 'keyword').map((keyword) => attr(keyword, 'key') ?? textOf(keyword)),
    ...childrenNamed(head, 'meta').filter((meta) => attr(meta, 'name') === 'keywords').map((meta) => attr(meta, 'content')),
  ].filter((keyword): keyword is string => keyword !== null);
  return success(draft);
}

export interface NitfStory {
  headlines: Headline[];
  byline: string | null;
  located: Dateline | null;
  paragraphs: string[];
}

/** The story part of an NITF document; NewsML-G2 reuses it for NITF carried in inlineXML. */
export function nitfStory(nitf: XmlElement, referenceTime: number): NitfStory {
  const body = child(nitf, 'body');
  const bodyHead = child(body, 'body.head');
  const hedline = child(bodyHead, 'hedline') ?? child(bodyHead, 'headline');
  const headlines: Headline[] = [];
  const main = textOf(child(hedline, 'hl1'));
  if (main !== null) headlines.push({ role: 'main', contenttype: 'text/plain', value: main });
  for (const sub of childrenNamed(hedline, 'hl2')) {
    const value = textOf(sub);
    if (value !== null && value !== main) headlines.push({ role: 'sub', contenttype: 'text/plain', value });
  }
  const bylines = descendants(bodyHead, 'byline')
    .map((byline) => textOf(byline, BYLINE_SKIP))
    .filter((byline): byline is string => byline !== null);
  const content = child(body, 'body.content');
  return {
    headlines,
    byline: bylines.length > 0 ? [...new Set(bylines)].join('; ') : null,
    located: datelineOf(child(bodyHead, 'dateline'), referenceTime),
    paragraphs: content === null ? [] : paragraphsOf(content),
  };
}

function datelineOf(dateline: XmlElement | null, referenceTime: number): Dateline | null {
  if (dateline === null) return null;
  const location = child(dateline, 'location');
  const city = textOf(child(location, 'city'));
  const country = textOf(child(location, 'country')) ?? textOf(child(location, 'region')) ?? textOf(child(location, 'state'));
  const storyDate = attr(child(dateline, 'story.date'), 'norm');
  const storyMs = storyDate === null ? null : parseIsoDateTime(storyDate);
  const text = textOf(dateline);
  const parsed = text === null ? null : parseDatelineText(text, referenceTime);
  if (parsed === null && city === null) return null;
  return {
    text: text ?? city ?? '',
    city: city === null ? (parsed?.city ?? null) : normaliseCity(city),
    country: country ?? parsed?.country ?? null,
    date: storyMs === null ? (parsed?.date ?? null) : isoDate(storyMs),
    source: parsed?.source ?? null,
  };
}

function managementStatus(value: string | null): { pubstatus: PubStatus; embargoed: boolean; kill: boolean } {
  switch ((value ?? 'usable').toLowerCase()) {
    case 'embargoed':
      return { pubstatus: 'usable', embargoed: true, kill: false };
    case 'withheld':
      return { pubstatus: 'withheld', embargoed: false, kill: false };
    case 'canceled':
    case 'cancelled':
    case 'withdrawn':
    case 'killed':
    case 'kill':
      return { pubstatus: 'canceled', embargoed: false, kill: true };
    default:
      return { pubstatus: 'usable', embargoed: false, kill: false };
  }
}

function mentionConcept(element: XmlElement): Concept | null {
  const name = textOf(element) ?? attr(element, 'value');
  if (name === null) return null;
  return concept(name, attr(element, 'idsrc') !== null && attr(element, 'value') !== null ? `${attr(element, 'idsrc')}:${attr(element, 'value')}` : null);
}

function subjectCode(element: XmlElement): Concept | null {
  const refnum = attr(element, 'tobject.subject.refnum');
  const name =
    attr(element, 'tobject.subject.detail') ?? attr(element, 'tobject.subject.matter') ?? attr(element, 'tobject.subject.type') ?? refnum;
  if (name === null) return null;
  return concept(name, refnum === null ? null : `http://cv.iptc.org/newscodes/subjectcode/${refnum}`);
}

function uniqueConcepts(entries: ReadonlyArray<Concept | null>): Concept[] {
  const seen = new Map<string, Concept>();
  for (const entry of entries) if (entry !== null && !seen.has(entry.name.toLowerCase())) seen.set(entry.name.toLowerCase(), entry);
  return [...seen.values()];
}

