import type { Article, Concept, Place, RelatedCoverage } from '../../contracts/types.generated.ts';
import { asUri, hasUriScheme, iptcUri } from './iptc-codes.ts';
import { paragraphsOf, placeConcept, type CanceledDocument, type PublishedDocument, type StoryDocument } from './story-document.ts';
import { isoOrNull, withoutEmpty } from './document-values.ts';
import { killDetail } from './kill-detail.ts';

/** The media type the consumer API serves ninjs under (IANA registered for ninjs). */
export const NINJS_MEDIA_TYPE = 'application/ninjs+json';
export const NINJS_VERSION = '3.1';
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#';

export type NinjsDocument = Record<string, unknown>;

const NEWS_OBJECT_TYPES = new Set(['text', 'picture', 'video', 'audio', 'graphic', 'composite', 'planning', 'component', 'event']);

/**
 * A story version as an IPTC ninjs 3.1 document. ninjs 3 has no keywords, signals or contributors
 * fields: contributors close the body as the copy printed them, keywords and signals are left out.
 */
export function toNinjs(document: StoryDocument): NinjsDocument {
  return document.kind === 'published' ? publishedNinjs(document) : canceledNinjs(document);
}

function publishedNinjs(document: PublishedDocument): NinjsDocument {
  const { article } = document;
  const body = paragraphsOf(article).join('\n\n');
  return withoutEmpty({
    uri: document.uri,
    standard: standard(),
    type: 'text',
    representationType: 'full',
    version: String(document.version),
    firstCreated: isoOrNull(article.firstcreated),
    versionCreated: new Date(article.versioncreated).toISOString(),
    embargoedUntil: isoOrNull(article.embargoed),
    pubStatus: article.pubstatus,
    language: article.language,
    headlines: article.headlines.map((headline) => ({ role: headline.role, contentType: headline.contenttype, value: headline.value })),
    bodies: body === '' ? [] : [{ role: 'main', contentType: 'text/plain', charCount: body.length, wordCount: article.bodies[0]?.wordcount ?? undefined, value: body }],
    descriptions: document.summary === null ? [] : [{ role: 'summary', contentType: 'text/plain', value: document.summary }],
    by: article.byline,
    located: article.located?.text || null,
    edNote: article.ednote,
    subjects: article.subjects.map(concept),
    people: article.people.map(concept),
    organisations: article.organisations.map(concept),
    places: article.places.map(place),
    infoSources: article.provider.credit === null ? [] : [{ name: article.provider.credit, role: 'credit' }],
    associations: [...article.associations.flatMap(association), ...document.related.map(relatedAssociation)],
    altIds: [
      { role: 'storyline-story', value: document.storyId },
      { role: 'provider-item', value: article.uri },
    ],
  });
}

function canceledNinjs(document: CanceledDocument): NinjsDocument {
  return {
    uri: document.uri,
    standard: standard(),
    type: 'text',
    pubStatus: 'canceled',
    versionCreated: new Date(document.kill.killedAt).toISOString(),
    edNote: killDetail(document),
    altIds: [{ role: 'storyline-story', value: document.storyId }],
  };
}

function standard() {
  return { name: 'ninjs', version: NINJS_VERSION, schema: NINJS_SCHEMA_URI };
}

function concept(entry: Concept): Record<string, unknown> {
  const uri = conceptUri(entry.uri);
  return withoutEmpty({
    name: entry.name,
    rel: entry.rel,
    uri,
    literal: entry.literal ?? (entry.uri !== null && uri === null ? entry.uri : null),
    confidence: percent(entry.confidence),
  });
}

function place(entry: Place): Record<string, unknown> {
  return withoutEmpty({
    ...concept(placeConcept(entry)),
    geoJSON: entry.latitude === null || entry.longitude === null ? null : { type: 'Point', coordinates: [entry.longitude, entry.latitude] },
  });
}

/** IPTC codes as the URIs they stand for; other identifiers as given when they are URIs at all. */
function conceptUri(code: string | null): string | null {
  if (code === null) return null;
  return iptcUri(code) ?? (hasUriScheme(code) ? asUri(code) : null);
}

/** ninjs confidences are whole percentages; Storyline's are fractions (a provider's percentages pass through). */
function percent(confidence: number | null): number | null {
  if (confidence === null || !Number.isFinite(confidence) || confidence < 0) return null;
  if (confidence <= 1) return Math.round(confidence * 100);
  return Number.isInteger(confidence) && confidence <= 100 ? confidence : null;
}

function association(entry: Article['associations'][number]): Array<Record<string, unknown>> {
  if (entry.uri === null || !hasUriScheme(entry.uri)) return [];
  return [withoutEmpty({ name: entry.name, uri: asUri(entry.uri), type: entry.type !== null && NEWS_OBJECT_TYPES.has(entry.type) ? entry.type : null })];
}

/** Coverage of the same story by other providers: the item, how it relates, its headline. */
function relatedAssociation(related: RelatedCoverage): Record<string, unknown> {
  return withoutEmpty({
    name: related.headline ?? related.item.uri,
    uri: asUri(related.item.uri),
    rel: relationName(related.relation),
    type: 'text',
    version: String(related.item.providerVersion),
    headlines: related.headline === null ? [] : [{ value: related.headline }],
  });
}

export function relationName(relation: RelatedCoverage['relation']): string {
  return relation.toLowerCase().replace(/_/g, '-');
}


