import type {
  Association,
  Concept,
  Dateline,
  Headline,
  Lineage,
  Place,
  PubStatus,
  RawFormat,
  Signal,
} from '../../contracts/types.generated.ts';
import { noDescriptiveMetadata } from '../../contracts/article-metadata.ts';

export type ParsedFormat = Exclude<RawFormat, 'UNKNOWN'>;

/**
 * What a format parser extracts before the shared normalisation (dateline, contributors, byline
 * echo, derived headline, ids and hashes) turns it into an Article. Null means "the item does not say".
 */
export interface ArticleDraft {
  providerItemId: string | null;
  version: number | null;
  versioncreated: number | null;
  firstcreated: number | null;
  pubstatus: PubStatus;
  language: string | null;
  headlines: Headline[];
  paragraphs: string[];
  byline: string | null;
  contributors: string[];
  located: Dateline | null;
  subjects: Concept[];
  places: Place[];
  people: Concept[];
  organisations: Concept[];
  keywords: string[];
  embargoed: number | null;
  ednote: string | null;
  associations: Association[];
  signals: Signal[];
  credit: string | null;
  lineage: Lineage;
}

export function emptyDraft(): ArticleDraft {
  return {
    providerItemId: null,
    version: null,
    versioncreated: null,
    firstcreated: null,
    pubstatus: 'usable',
    language: null,
    headlines: [],
    paragraphs: [],
    ...noDescriptiveMetadata(),
    signals: [],
    credit: null,
    lineage: { replacesItemId: null, evolvesFromItemId: null },
  };
}

export function concept(name: string, uri: string | null = null, literal: string | null = null): Concept {
  return { name, uri, rel: null, literal, confidence: null };
}

export function place(name: string, uri: string | null = null): Place {
  return { name, uri, rel: null, countryCode: null, latitude: null, longitude: null };
}
