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

/** An article reached the story with the router's decision; the outcome follows as a separate event. */
export interface ArticleReceived {
  signalId: string;
  routing: RoutingKind;
  item: ArticleRef;
  submissionId: string;
}

/** Identifies one version of one provider item without carrying its content. */
export interface ArticleRef {
  uri: string;
  providerId: string;
  providerItemId: string;
  providerVersion: number;
  contentHash: string;
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

/** A command was recorded but not applied, e.g. an update arriving after the story was killed. */
export interface CommandRejected {
  signalId: string;
  /** The command type, e.g. SubmitArticle */
  command: string;
  reason: RejectionReason;
  item: null | ArticleRef;
}

/** ninjs subjects[] / people[] / organisations[] entry: a named concept, optionally with a controlled-vocabulary URI. */
export interface Concept {
  name: string;
  uri: null | string;
  rel: null | string;
  literal: null | string;
  confidence: null | number;
}

/** A version flagged by the provider as a correction became current. */
export interface CorrectionAccepted {
  signalId: string;
  article: Article;
  correctsProviderVersion: null | number;
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

/** Value of a consumer's dead-letter topic: a message it could not process, with the cause, the original bytes and where they came from. */
export interface DeadLetter {
  /** The consumer group that gave up */
  consumer: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  key: null | Buffer;
  value: null | Buffer;
  headers: Record<string, string>;
  errorCode: string;
  errorMessage: string;
  failedAt: number;
  attempts: number;
}

/** An item with the same content as one the story already holds, or a provider's near-identical re-send of its own copy; recorded, not applied. */
export interface DuplicateSuppressed {
  signalId: string;
  item: ArticleRef;
  duplicateOf: ArticleRef;
  /** For a near-identical re-send: the signals that matched and their scores */
  evidence: null | SimilarityEvidence;
}

/** A version arrived under embargo and is held until the embargo ends. */
export interface EmbargoHeld {
  signalId: string;
  article: Article;
  embargoedUntil: number;
}

/** The held version's embargo ended and it became current. */
export interface EmbargoReleased {
  signalId: string;
  providerVersion: number;
  embargoedUntil: number;
  releasedAt: number;
}

/** What the enricher derived from one article version. Every field has a default so enrichers can grow without breaking readers. */
export interface Enrichment {
  /** BCP-47, detected */
  language: null | string;
  dateline: null | Dateline;
  entities: Array<NamedEntity>;
  /** Geocoded places */
  places: Array<Place>;
  quotes: Array<Quote>;
  keywords: Array<string>;
  summary: null | string;
  subjects: Array<MediaTopic>;
  sentenceCount: number;
  paragraphCount: number;
  /** Sentence offsets in the body text */
  sentences: Array<TextSpan>;
  /** Paragraph offsets in the body text */
  paragraphs: Array<TextSpan>;
}

/** The kind of a named entity found in the text. */
export type EntityKind = 'PERSON' | 'ORGANISATION' | 'PLACE' | 'OTHER';

/** ninjs headlines[]: one headline of an article in one role (main, sub, short, ...). */
export interface Headline {
  role: string;
  contenttype: string;
  value: string;
}

/** Why a story was withdrawn: the provider's KILL signal, a pubstatus of canceled, an operator, or a merge into another story (same event). */
export type KillCause = 'KILL_SIGNAL' | 'PUBSTATUS_CANCELED' | 'OPERATOR' | 'UNKNOWN' | 'MERGED';

/** Which earlier item this one replaces (same story, newer version) or evolves from (a follow-up story). */
export interface Lineage {
  replacesItemId: null | string;
  evolvesFromItemId: null | string;
}

/** An IPTC Media Topic assigned to the text. */
export interface MediaTopic {
  /** e.g. medtop:20000763 */
  code: string;
  label: string;
  confidence: number;
}

/** A person, organisation or place mentioned in the text, with its surface forms folded onto one canonical name. */
export interface NamedEntity {
  kind: EntityKind;
  canonicalName: string;
  aliases: Array<string>;
  mentions: number;
  offsets: Array<TextSpan>;
  /** A knowledge-base id when linked, e.g. a Wikidata URI */
  uri: null | string;
  confidence: null | number;
}

/** One paragraph added, removed or rewritten between the previous published version and this one. Indexes are 0-based positions in the main body. */
export interface ParagraphChange {
  kind: ParagraphChangeKind;
  beforeIndex: null | number;
  afterIndex: null | number;
  before: null | string;
  after: null | string;
}

/** How one paragraph differs between two published versions. */
export type ParagraphChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED' | 'UNKNOWN';

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

/** A direct quotation and, when attributed, who said it. */
export interface Quote {
  text: string;
  speaker: null | string;
  span: null | TextSpan;
}

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

/** Why a command was recorded but not applied. */
export type RejectionReason = 'STORY_KILLED' | 'FOREIGN_PROVIDER' | 'UNKNOWN_ITEM' | 'UNKNOWN_VERSION' | 'ITEM_WITHDRAWN' | 'UNKNOWN';

/** Another item covering the same story (near-duplicate or same event); withdrawn items are left out. */
export interface RelatedCoverage {
  item: ArticleRef;
  relation: RelationKind;
  /** 0..1, the router's combined similarity */
  score: number;
  headline: null | string;
}

/** An item from another provider (or another item of the same provider) joined the story as related coverage; a later version of it joins again. */
export interface RelatedItemJoined {
  signalId: string;
  relation: RelationKind;
  article: Article;
  evidence: SimilarityEvidence;
}

/** A related item left the story; the story itself stays. Either its provider killed it (for good), or the router regrouped it into another story (it may join again later). */
export interface RelatedItemWithdrawn {
  signalId: string;
  item: ArticleRef;
  reason: WithdrawalReason;
  /** The story the item moved to when regrouped */
  movedTo: null | string;
}

/** How an item from another provider relates to the story it joined. */
export type RelationKind = 'NEAR_DUPLICATE' | 'SAME_EVENT' | 'UNKNOWN';

/** What the dedupe router decided an incoming article is, relative to the story it was routed to. */
export type RoutingKind = 'NEW_STORY' | 'SAME_ITEM' | 'EXACT_DUPLICATE' | 'NEAR_DUPLICATE' | 'SAME_EVENT' | 'UNKNOWN';

/** What the provider says this item is, beyond ninjs: an update (write-thru), a correction, or a kill/withdrawal. */
export type Signal = 'UPDATE' | 'CORRECTION' | 'KILL' | 'UNKNOWN';

/** Why the router judged two items related: the individual signals and their combined score. */
export interface SimilarityEvidence {
  signals: Array<SimilaritySignal>;
  /** 0..1, the combined score the threshold was applied to */
  total: number;
  /** The candidate the incoming item was compared with */
  matchedItem: null | ArticleRef;
}

/** One measure the router used to compare two items, e.g. minhash-jaccard, title-overlap, entity-overlap, time-proximity. */
export interface SimilaritySignal {
  name: string;
  /** 0..1 */
  score: number;
}

/** A version not newer than the latest one arrived late; recorded, not applied. */
export interface StaleVersionRejected {
  signalId: string;
  item: ArticleRef;
  latestProviderVersion: number;
}

/** Value of stories.v1 (key = storyId, compacted; a null value is a kill tombstone): the latest published state of a story. Only published versions appear; embargoed content never does. */
export interface Story {
  storyId: string;
  /** The story event sequence this state reflects */
  sequence: number;
  /** The provider version of the published article */
  version: number;
  correction: boolean;
  firstPublishedAt: number;
  /** When this version became public */
  publishedAt: number;
  article: Article;
  enrichment: null | Enrichment;
  enricherVersion: null | string;
  related: Array<RelatedCoverage>;
  facets: StoryFacets;
  /** Provider versions published so far, ascending */
  publishedVersions: Array<number>;
}

/** Value of story.events.v1 (key = storyId): one event of a story's life. Events of a story are totally ordered by sequence; eventId = `${storyId}:${sequence}`. */
export interface StoryEvent {
  eventId: string;
  /** The payload's record name, e.g. VersionAccepted */
  type: string;
  storyId: string;
  /** 1-based, gap-free per story */
  sequence: number;
  /** When the decision was taken (workflow time) */
  occurredAt: number;
  /** When the event was appended to the log */
  recordedAt: number;
  /** The signal id of the command that caused the event */
  causationId: string;
  /** Ties the events of one submission together across services, e.g. the submission id */
  correlationId: null | string;
  /** Who appended the event, e.g. story-workflow */
  producer: string;
  /** New event types are appended at the end; Avro resolves union branches by name */
  payload: ArticleReceived | StoryOpened | VersionAccepted | StaleVersionRejected | DuplicateSuppressed | RelatedItemJoined | RelatedItemWithdrawn | VersionEnriched | CorrectionAccepted | StoryKilled | EmbargoHeld | EmbargoReleased | VersionPublished | CommandRejected;
}

/** The normalized values a story is indexed and filtered by (lower-case names, subject codes), from the article and its enrichment. */
export interface StoryFacets {
  provider: string;
  subjects: Array<string>;
  places: Array<string>;
  people: Array<string>;
  organisations: Array<string>;
}

/** The story is withdrawn for good: no later event may add a version or publish (kill fence). A story merged into another (same event) is killed with cause MERGED. */
export interface StoryKilled {
  signalId: string;
  cause: KillCause;
  /** Provider id or operator name */
  requestedBy: string;
  reason: null | string;
  item: null | ArticleRef;
  /** The story that carries this story's items on, when cause is MERGED */
  mergedInto: null | string;
}

/** The story exists, owned by the provider of its first item. */
export interface StoryOpened {
  signalId: string;
  item: ArticleRef;
}

/** Value of story-updates.v1 (key = storyId): one published change of a story, why it happened and what changed. updateId = the eventId of the story event that caused it, so consumers can de-duplicate. */
export interface StoryUpdate {
  updateId: string;
  storyId: string;
  sequence: number;
  reason: UpdateReason;
  occurredAt: number;
  /** The provider version now public; null on kill */
  version: null | number;
  /** Set when a version was published */
  changes: null | VersionChanges;
  /** The story after the change; null on kill */
  story: null | Story;
  killCause: null | KillCause;
  /** When killCause is MERGED: the story that carries this one's items on */
  mergedInto: null | string;
  /** Set on a record an operator re-published (storyline replay public-topics): the replay id. The same updateId went out before; a consumer that saw it may skip this one */
  replay: null | string;
}

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

/** A half-open range [start, end) of UTF-16 code units in the article's main body text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Why a public story changed: first publication, a new version, a correction, an embargoed version released, a kill, new enrichment, or its related coverage changed. */
export type UpdateReason = 'NEW' | 'UPDATE' | 'CORRECTION' | 'EMBARGO_RELEASED' | 'KILL' | 'ENRICHED' | 'RELATED' | 'UNKNOWN';

/** A version of the story's own item became current. */
export interface VersionAccepted {
  signalId: string;
  article: Article;
  supersedesProviderVersion: null | number;
}

/** What changed between the previous published version of a story and this one, paragraph by paragraph. */
export interface VersionChanges {
  /** The provider version compared with; null for the first publication */
  previousVersion: null | number;
  headlineBefore: null | string;
  headlineChanged: boolean;
  paragraphs: Array<ParagraphChange>;
}

/** The enricher's findings for one version of the story's own item. */
export interface VersionEnriched {
  signalId: string;
  providerVersion: number;
  contentHash: string;
  enricherVersion: string;
  enrichment: Enrichment;
}

/** The current version is public from publishedAt; follows VersionAccepted, CorrectionAccepted or EmbargoReleased. */
export interface VersionPublished {
  signalId: string;
  item: ArticleRef;
  publishedAt: number;
}

/** Why a related item left a story: its provider killed it, or the router regrouped it into another story. */
export type WithdrawalReason = 'PROVIDER_KILL' | 'REGROUPED' | 'UNKNOWN';
