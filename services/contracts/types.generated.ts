// Generated from schemas/*.avsc by `npx storyline schemas codegen`. Do not edit.

/** A normalized news item, shaped on IPTC ninjs 3.x plus provider, signals, lineage, content hash and raw reference. Times are epoch milliseconds (UTC). */
export interface Article {
  uri: string;
  /** ninjs version: the provider's version as a string */
  version: string;
  versioncreated: number;
  firstcreated: null | number;
  pubstatus: PubStatus;
  type: string;
  /** BCP-47 */
  language: null | string;
  headlines: Array<Headline>;
  bodies: Array<Body>;
  byline: null | string;
  /** The closing 'X in Y contributed' credits, kept out of the body */
  contributors: Array<string>;
  located: null | Dateline;
  subjects: Array<Concept>;
  places: Array<Place>;
  people: Array<Concept>;
  organisations: Array<Concept>;
  keywords: Array<string>;
  embargoed: null | number;
  ednote: null | string;
  associations: Array<Association>;
  provider: Provider;
  providerItemId: string;
  providerVersion: number;
  signals: Array<Signal>;
  lineage: Lineage;
  /** sha256 of the normalized headline and body text */
  contentHash: string;
  raw: RawRef;
}

/** ninjs associations: a related item by name (the map key in ninjs). */
export interface Association {
  name: string;
  uri: null | string;
  type: null | string;
}

/** ninjs bodies[]: the article text in one role and content type. */
export interface Body {
  role: string;
  contenttype: string;
  charcount: null | number;
  wordcount: null | number;
  value: string;
}

/** ninjs subjects[] / people[] / organisations[] entry: a named concept, optionally with a controlled-vocabulary URI. */
export interface Concept {
  name: string;
  uri: null | string;
  rel: null | string;
  literal: null | string;
  confidence: null | number;
}

/** The dateline as printed (ninjs located) and its parts. */
export interface Dateline {
  text: string;
  city: null | string;
  country: null | string;
  /** ISO 8601 calendar date (YYYY-MM-DD) */
  date: null | string;
  /** Agency credit in the dateline, e.g. AP, Reuters */
  source: null | string;
}

/** ninjs headlines[]: one headline of an article in one role (main, sub, short, ...). */
export interface Headline {
  role: string;
  contenttype: string;
  value: string;
}

/** Which earlier item this one replaces (same story, newer version) or evolves from (a follow-up story). */
export interface Lineage {
  replacesItemId: null | string;
  evolvesFromItemId: null | string;
}

/** ninjs places[] entry, with the geocoding ninjs leaves to extensions. */
export interface Place {
  name: string;
  uri: null | string;
  rel: null | string;
  /** ISO 3166-1 alpha-2 */
  countryCode: null | string;
  latitude: null | number;
  longitude: null | number;
}

/** Who supplied the item (the authenticated producer) and, when it differs, the agency credited in the copy. */
export interface Provider {
  id: string;
  name: null | string;
  credit: null | string;
}

/** ninjs pubstatus. */
export type PubStatus = 'usable' | 'withheld' | 'canceled';

/** The wire format the raw bytes were parsed from. */
export type RawFormat = 'PLAIN_TEXT' | 'NINJS' | 'NITF' | 'NEWSML_G2' | 'UNKNOWN';

/** Where the raw bytes of the item live (the submission that carried them) so history can be re-parsed. */
export interface RawRef {
  submissionId: string;
  format: RawFormat;
  contentType: string;
  sha256: string;
  size: number;
}

/** What the provider says this item is, beyond ninjs: an update (write-thru), a correction, or a kill/withdrawal. */
export type Signal = 'UPDATE' | 'CORRECTION' | 'KILL' | 'UNKNOWN';

/** Value of wire.submissions.v1: what a producer sent (raw bytes) and the article parsed from it. */
export interface Submission {
  submissionId: string;
  receivedAt: number;
  providerId: string;
  idempotencyKey: null | string;
  /** http, cli or folder */
  channel: string;
  contentType: string;
  raw: Buffer;
  article: Article;
}
