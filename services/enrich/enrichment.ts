import type { MediaTopicCode } from './iptc-media-topics.ts';
import type { TextSpan } from './segmentation.ts';

/** The contract record carried by VersionEnriched (schemas/storyline.v1.Enrichment.avsc). */
export type { Enrichment } from '../contracts/types.generated.ts';

/**
 * Everything the enricher found in one article version, in more detail than the contract record (which is
 * derived from it by `toEnrichment`). Offsets are UTF-16 code-unit offsets [start, end) into the enriched
 * text: the article's main body as plain text (see `articleText`).
 */
export interface EnrichmentDetail {
  enricherVersion: string;
  /** BCP-47 */
  language: string;
  languageConfidence: number;
  /** the tagger that found the entities: ner-en, ner-es, ner-nl, ner-de, ner-ru, or gazetteer (curated names and places only) */
  entityModel: string;
  textLength: number;
  paragraphs: TextSpan[];
  sentences: TextSpan[];
  dateline: DatelineEnrichment | null;
  entities: Entity[];
  quotes: Quote[];
  keywords: Keyword[];
  summary: Summary;
  subjects: SubjectEnrichment[];
}

export interface Geo {
  /** ISO 3166-1 alpha-2 */
  countryCode: string;
  latitude: number;
  longitude: number;
  /** what the gazetteer matched: a city, a first-level region or a whole country */
  kind: 'city' | 'region' | 'country';
}

export interface DatelineEnrichment extends TextSpan {
  /** as printed, e.g. "GENEVA (AP)" */
  text: string;
  /** as printed, e.g. GENEVA */
  city: string;
  /** the gazetteer's name of the city, e.g. Geneva */
  placeName: string | null;
  /** ISO 3166-1 alpha-2 */
  countryCode: string | null;
  countryName: string | null;
  /** ISO 8601 date: printed in the dateline, or else the item's own date */
  date: string | null;
  dateSource: 'dateline' | 'item' | null;
  source: string | null;
  geo: Geo | null;
}

export interface Mention extends TextSpan {
  text: string;
}

interface EntityBase {
  /** canonical name */
  name: string;
  /** other forms the article uses for it, titles included ("President Joe Biden") */
  aliases: string[];
  mentionCount: number;
  mentions: Mention[];
}

export type Entity =
  | (EntityBase & { type: 'person' })
  | (EntityBase & { type: 'organisation' })
  | (EntityBase & { type: 'place'; geo: Geo | null });

export type EntityType = Entity['type'];

export interface Quote extends TextSpan {
  /** the quoted words, without the quotation marks */
  text: string;
  /** canonical name of the speaker entity, when attributed */
  speaker: string | null;
}

export interface Keyword {
  text: string;
  score: number;
}

export interface Summary {
  /** indexes into `sentences` */
  sentenceIndexes: number[];
  text: string;
}

export interface SubjectEnrichment {
  code: MediaTopicCode;
  uri: string;
  label: string;
  confidence: number;
}
