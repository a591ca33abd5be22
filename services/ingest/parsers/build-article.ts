import { createHash } from 'node:crypto';
import { itemUri } from '../../contracts/item-uri.ts';
import type { Article, Dateline, Headline } from '../../contracts/types.generated.ts';
import type { ArticleDraft, ParsedFormat } from './article-draft.ts';
import { splitContributors } from './contributors.ts';
import { splitDateline } from './dateline.ts';
import { failure, parseError, success, type Outcome, type ParseError } from './parse-error.ts';
import { mergeSignals, signalsFromMarkers } from './text-signals.ts';
import { foldWhitespace, hasControlCharacters, truncateAtWord, wordCount } from './text-normalise.ts';
import { firstCharacterError } from './text-policy.ts';
import { detectLanguage } from '../../enrich/language.ts';

export interface BuildContext {
  format: ParsedFormat;
  provider: { id: string; name: string | null };
  submissionId: string;
  receivedAt: number;
  contentType: string;
  bytes: Uint8Array;
}

export const DEFAULT_CONTENT_TYPES: Readonly<Record<ParsedFormat, string>> = {
  PLAIN_TEXT: 'text/plain',
  NINJS: 'application/ninjs+json',
  NITF: 'application/nitf+xml',
  NEWSML_G2: 'application/vnd.iptc.g2.newsitem+xml',
};

const DERIVED_HEADLINE_MAX = 120;
const MAX_ITEM_ID_LENGTH = 512;

/**
 * The normalisation every format shares: dateline out of the first paragraph, closing credits out
 * of the body, a byline echoed as the first paragraph dropped, a derived headline when the item has
 * none, then identity (uri, provider item id, version) and hashes.
 */
export function buildArticle(draft: ArticleDraft, context: BuildContext): Outcome<Article> {
  const referenceTime = draft.versioncreated ?? context.receivedAt;
  let paragraphs = draft.paragraphs.map(foldWhitespace).filter((paragraph) => paragraph !== '');
  const headlines = draft.headlines
    .map((headline): Headline => ({ ...headline, value: foldWhitespace(headline.value) }))
    .filter((headline) => headline.value !== '');
  let byline = draft.byline === null ? null : foldWhitespace(draft.byline) || null;

  paragraphs = dropEchoes(paragraphs, headlines[0]?.value ?? null, byline);
  if (byline === null && paragraphs.length > 1 && /^By\s+\p{Lu}[^.!?]{1,80}$/u.test(paragraphs[0] ?? '')) {
    byline = paragraphs[0] ?? null;
    paragraphs = paragraphs.slice(1);
  }

  let located = draft.located;
  const first = paragraphs[0];
  if (first !== undefined) {
    const split = splitDateline(first, referenceTime);
    if (split) {
      located = mergeDatelines(draft.located, split.dateline);
      paragraphs = [split.rest, ...paragraphs.slice(1)];
    }
  }

  const { body, contributors } = splitContributors(paragraphs);
  const markerSignals = signalsFromMarkers([headlines[0]?.value ?? null, draft.ednote]);
  // Agencies withdraw an item with a new version that is canceled and carries no text: a kill needs no body.
  const withdrawal = draft.pubstatus === 'canceled' || draft.signals.includes('KILL') || markerSignals.includes('KILL');
  if (body.length === 0 && !withdrawal) return failure(parseError('empty_body', 'the item has no body text'));

  const dates = implausibleDate(draft, context);
  if (dates) return failure(dates);

  const main = headlines[0] ?? { role: 'main', contenttype: 'text/plain', value: body.length > 0 ? deriveHeadline(body[0] ?? '') : 'Withdrawn' };
  const allHeadlines = headlines.length > 0 ? headlines : [main];

  const providerItemId = draft.providerItemId === null ? derivedItemId(main.value, located) : draft.providerItemId.trim();
  if (providerItemId === '' || providerItemId.length > MAX_ITEM_ID_LENGTH || hasControlCharacters(providerItemId) || /\s/.test(providerItemId)) {
    return failure(parseError('invalid_value', `item id must be 1–${MAX_ITEM_ID_LENGTH} characters without spaces or control characters`, { field: 'id' }));
  }
  const providerVersion = draft.version ?? 1;
  const value = body.join('\n\n');
  const signals = mergeSignals(draft.signals, signalsFromMarkers([main.value, draft.ednote]), draft.pubstatus === 'canceled' ? ['KILL'] : []);
  const characters = firstCharacterError([
    ...allHeadlines.map((headline, index) => ({ field: index === 0 ? 'headline' : `headlines[${index}]`, text: headline.value, headline: true })),
    ...body.map((paragraph, index) => ({ field: `body (paragraph ${index + 1})`, text: paragraph })),
    { field: 'byline', text: byline },
    { field: 'ednote', text: draft.ednote },
    { field: 'located', text: located?.text ?? null },
    ...[...draft.contributors, ...contributors].map((text) => ({ field: 'contributors', text })),
    ...draft.keywords.map((text) => ({ field: 'keywords', text })),
    ...[...draft.subjects, ...draft.people, ...draft.organisations, ...draft.places].map((entry) => ({ field: 'subjects, people, organisations or places', text: entry.name })),
  ]);
  if (characters) return failure(characters);

  return success({
    uri: itemUri(context.provider.id, providerItemId),
    version: String(providerVersion),
    versioncreated: draft.versioncreated ?? context.receivedAt,
    firstcreated: draft.firstcreated,
    pubstatus: draft.pubstatus,
    type: 'text',
    language: draft.language ?? detectedLanguage(`${main.value}\n${value}`),
    headlines: allHeadlines,
    bodies: [{ role: 'main', contenttype: 'text/plain', charcount: value.length, wordcount: wordCount(value), value }],
    byline,
    contributors: [...draft.contributors.map(foldWhitespace), ...contributors],
    located,
    subjects: draft.subjects,
    places: draft.places,
    people: draft.people,
    organisations: draft.organisations,
    keywords: [...new Set(draft.keywords.map(foldWhitespace).filter((keyword) => keyword !== ''))],
    embargoed: draft.embargoed,
    ednote: draft.ednote === null ? null : foldWhitespace(draft.ednote) || null,
    associations: draft.associations,
    provider: { id: context.provider.id, name: context.provider.name, credit: draft.credit ?? located?.source ?? null },
    providerItemId,
    providerVersion,
    signals,
    lineage: draft.lineage,
    contentHash: contentHash(main.value, body),
    raw: {
      submissionId: context.submissionId,
      format: context.format,
      contentType: context.contentType,
      sha256: sha256Hex(context.bytes),
      size: context.bytes.byteLength,
    },
  });
}

/** How far ahead of its reception an item may be dated: clocks drift and local times get sent as UTC (up to UTC+14). */
export const MAX_DATE_AHEAD_MS = 24 * 3600_000;
/** An embargo is a date in the future by design, but not years ahead. */
export const MAX_EMBARGO_AHEAD_MS = 366 * 24 * 3600_000;
const EARLIEST_PLAUSIBLE = Date.UTC(1900, 0, 1);

const DATE_FIELDS: Readonly<Record<ParsedFormat, { versioncreated: string; firstcreated: string; embargoed: string }>> = {
  NINJS: { versioncreated: '/versioncreated', firstcreated: '/firstcreated', embargoed: '/embargoed' },
  NITF: { versioncreated: '/nitf/head/docdata/date.issue/@norm', firstcreated: '/nitf/head/docdata/date.issue/@norm', embargoed: '/nitf/head/docdata/date.release/@norm' },
  NEWSML_G2: { versioncreated: 'itemMeta/versionCreated', firstcreated: 'itemMeta/firstCreated', embargoed: 'itemMeta/embargoed' },
  PLAIN_TEXT: { versioncreated: 'versioncreated', firstcreated: 'firstcreated', embargoed: 'embargoed' },
};

/**
 * Dates judged against the reception time: an item dated days ahead (a year typed 2100, a clock
 * gone wrong) would sort after everything and skew every window keyed on time downstream.
 */
function implausibleDate(draft: ArticleDraft, context: BuildContext): ParseError | null {
  const fields = DATE_FIELDS[context.format];
  const checks = [
    { name: 'versioncreated', field: fields.versioncreated, value: draft.versioncreated, ahead: MAX_DATE_AHEAD_MS },
    { name: 'firstcreated', field: fields.firstcreated, value: draft.firstcreated, ahead: MAX_DATE_AHEAD_MS },
    { name: 'embargoed', field: fields.embargoed, value: draft.embargoed, ahead: MAX_EMBARGO_AHEAD_MS },
  ];
  for (const { name, field, value, ahead } of checks) {
    if (value === null) continue;
    const shown = new Date(value).toISOString();
    if (value > context.receivedAt + ahead) {
      return parseError('implausible_date', `${name} ${shown} is more than ${ahead / 3600_000} hours after the item was received (${new Date(context.receivedAt).toISOString()})`, { field });
    }
    if (value < EARLIEST_PLAUSIBLE) return parseError('implausible_date', `${name} ${shown} is before 1900`, { field });
  }
  return null;
}

function dropEchoes(paragraphs: string[], headline: string | null, byline: string | null): string[] {
  const same = (a: string, b: string | null): boolean => b !== null && a.toLowerCase() === b.toLowerCase();
  const withoutBy = (text: string | null): string | null => (text === null ? null : text.replace(/^By\s+/i, ''));
  let start = 0;
  while (start < paragraphs.length - 1) {
    const paragraph = paragraphs[start] ?? '';
    const echoesByline = same(paragraph, byline) || same(withoutBy(paragraph) ?? '', withoutBy(byline));
    if (!same(paragraph, headline) && !echoesByline) break;
    start += 1;
  }
  return paragraphs.slice(start);
}

/** The dateline printed in the copy names where the story was filed; a declared location may be the desk's. */
function mergeDatelines(declared: Dateline | null, printed: Dateline): Dateline {
  if (declared === null) return printed;
  const sameCity = declared.city !== null && declared.city.toLowerCase() === printed.city?.toLowerCase();
  return {
    text: printed.text,
    city: printed.city ?? declared.city,
    country: printed.country ?? (sameCity ? declared.country : null),
    date: printed.date ?? (sameCity ? declared.date : null),
    source: printed.source ?? declared.source,
  };
}

/**
 * Headline for copy that has none: the first sentence of the body (ending at . ! or ? followed by
 * a space and a capital or quote), cut at a word boundary to at most 120 characters.
 */
export function deriveHeadline(firstParagraph: string): string {
  const sentence = /^.+?[.!?](?=\s+["“‘'(]?\p{Lu})/u.exec(firstParagraph)?.[0] ?? firstParagraph;
  const text = foldWhitespace(sentence);
  // A body that is only a full stop keeps it: a headline is never empty.
  return truncateAtWord(text.replace(/[.]$/, '') || text, DERIVED_HEADLINE_MAX);
}

/**
 * Id for items that carry none (plain text): sha256 of the lower-cased, whitespace-folded headline and
 * the printed dateline, so a re-send of the same copy gets the same id and a re-headlined one a new id.
 */
export function derivedItemId(headline: string, located: Dateline | null): string {
  const digest = sha256Hex(`${foldWhitespace(headline).toLowerCase()}\n${foldWhitespace(located?.text ?? '').toLowerCase()}`);
  return `sha256-${digest.slice(0, 32)}`;
}

/** sha256 hex of the headline and body paragraphs, each whitespace-folded, joined by line feeds. */
export function contentHash(headline: string, paragraphs: readonly string[]): string {
  return sha256Hex([foldWhitespace(headline), ...paragraphs.map(foldWhitespace)].join('\n'));
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Copy that does not declare its language gets the one its text is in (BCP-47), or none when that is unclear. */
function detectedLanguage(text: string): string | null {
  const guess = detectLanguage(text);
  return guess.code === 'und' ? null : guess.code;
}
