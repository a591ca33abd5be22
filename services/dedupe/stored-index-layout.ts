import type { ItemRef } from './fingerprint.ts';
import { FINGERPRINT_VERSION } from './fingerprint.ts';
import type { IndexStorage, StorageWrite } from './index-storage.ts';
import type { DedupeDecision } from './match-policy.ts';
import type { StoryProfile } from './story-profile.ts';
import type { TermStatistics } from './term-statistics.ts';
import { decodeEntry, encodeEntry, type Entry, type StoredEntry } from './stored-entry-codec.ts';

export type { Entry } from './stored-entry-codec.ts';

/**
 * The dedupe index's layout in its storage port (in process memory or in Redis), shared by its two
 * sides: the candidate index (`StoredCandidateIndex`: lookup, add, eviction) and the regrouping store
 * (`StoredRegroupingStore`: neighbourhoods, regroupings applied and pending). Keys (`{ns}` = the namespace, a Redis
 * Cluster hash tag so that every key of one index lives in one slot; `<…>` = value):
 *
 *   dd:{ns}:v<n>:fp:<itemKey>           STRING  JSON of the item's latest version's entry { storyId, fingerprint, vectors }, while in the window
 *                                              (vectors weighted with the statistics of the moment it was indexed), compact:
 *                                              signature and weights as base64 of their binary values (stored-entry-codec.ts);
 *                                              entries written before in plain JSON are read as they are, so an upgraded
 *                                              index keeps its window under the same keys
 *   dd:{ns}:item:<itemKey>              STRING  JSON { storyId, item, versionCreated, exactHash, fingerprintVersion } (kept `itemRetentionMs`):
 *                                              same provider item id ⇒ same story; same exact hash ⇒ exact duplicate
 *   dd:{ns}:v<n>:exact:<exactHash>      ZSET    item keys, score = versionCreated (kept `itemRetentionMs`, with the item mapping)
 *   dd:{ns}:v<n>:lsh:<bandKey>          ZSET    item keys, score = versionCreated (one per MinHash band, 32 per item)
 *   dd:{ns}:v<n>:term:<salientTerm>     ZSET    item keys, score = versionCreated, trimmed to the newest `maxPostingsPerTerm`
 *   dd:{ns}:v<n>:story:<storyId>        STRING  JSON { profile: StoryProfile, items, opener, openedAt }, deleted with its last item in the window
 *   dd:{ns}:v<n>:members:<storyId>      ZSET    item keys of the story in the window, score = versionCreated
 *   dd:{ns}:v<n>:payload:<itemKey>      STRING  JSON of the item's latest article, while in the window (a regrouping re-sends it)
 *   dd:{ns}:v<n>:dups:<itemKey>         ZSET    keys of the items that duplicate it (they follow it when it moves), score = versionCreated
 *   dd:{ns}:merged:<storyId>            STRING  JSON storyId it was merged into (kept `itemRetentionMs`): lookups follow it
 *   dd:{ns}:regroup:<id>                STRING  JSON PendingRegrouping: applied to the index, not yet carried out by the caller
 *   dd:{ns}:pending                     ZSET    ids of pending regroupings, score = sequence
 *   dd:{ns}:seq                         HASH    field `regroupings` = regroupings applied so far (ids are numbered by it)
 *   dd:{ns}:v<n>:df                     HASH    term → number of items in the window containing it; field `#docs` = items
 *                                              (a lookup reads the incoming item's terms only: candidates bring their vectors)
 *   dd:{ns}:v<n>:window                 ZSET    item keys in the window, score = versionCreated
 *   dd:{ns}:items                       ZSET    item keys with a retained item mapping, score = versionCreated
 *   dd:{ns}:v<n>:newest                 STRING  the newest versionCreated seen (only ever raised)
 *   dd:{ns}:commit-seq, commit-log      STRING, LIST  the commits' count and the keys each of the last 512 wrote (Redis only,
 *                                              services/router/index-commit.ts)
 *   dd:{ns}:routed:<submissionId>       STRING  JSON RecordedRoute: where the submission was routed (kept `routedRetentionMs`),
 *                                              written in the commit that indexed it, replayed when it is routed again
 *
 * v<n> = the fingerprint version (`FINGERPRINT_VERSION`); see `dedupeIndexKeys`.
 * itemKey = base-36 murmur3 pair of (providerId, providerItemId); see `itemKeyOf`.
 *
 * Bounded by a window in event time (`versionCreated`, clamped by the router to the reception time plus a
 * small allowance; never the wall clock): on `add`, items older
 * than the newest versionCreated seen minus `windowMs` leave the sorted sets and their fp keys are
 * deleted; their terms are decremented in df. Item mappings and exact hashes live longer
 * (`itemRetentionMs`) so that late updates and re-sends of old copy still find their story: an exact
 * re-send needs no fingerprint of the original, its own is the original's. Key TTLs are only a backstop against abandoned indexes.
 * Each `add` is one atomic commit; lookup-then-add is kept consistent by the caller (routers commit on the
 * condition that what they read did not change meanwhile, see `readWithoutCondition`).
 */
export interface DedupeIndexOptions {
  /** the key namespace (a hash tag): one per index */
  namespace: string;
  windowMs: number;
  itemRetentionMs: number;
  /** newest entries kept per salient term: bounds one lookup's fan-out */
  maxPostingsPerTerm: number;
  /** items reached only through salient terms, best (most shared terms, newest) first */
  maxTermCandidates: number;
  /** items reached through LSH buckets, best (most shared buckets, newest) first: bounds what one lookup fetches as the index grows */
  maxBandCandidates: number;
  minSharedSalientTerms: number;
  /** stories with more items in the window are left out of regroupings: bounds their cost (pair scores grow with the square) */
  maxRegroupMembers: number;
  /** stories around an incoming item a regrouping considers: its own and those of its first candidates */
  maxRegroupStories: number;
  /** how long a submission's routing is kept for a retry to replay: as long as the submission can be redelivered */
  routedRetentionMs: number;
  /**
   * Document frequencies to start from (the larger of these and the window's own counts wins): a
   * cold index (a fresh deployment, an evaluation) has seen too little copy to know which words are common.
   */
  backgroundStatistics?: TermStatistics;
}

export const DEFAULT_DEDUPE_INDEX_OPTIONS: DedupeIndexOptions = {
  namespace: 'idx',
  windowMs: 3 * 86_400_000,
  itemRetentionMs: 30 * 86_400_000,
  maxPostingsPerTerm: 200,
  maxTermCandidates: 50,
  maxBandCandidates: 50,
  minSharedSalientTerms: 2,
  maxRegroupMembers: 30,
  maxRegroupStories: 3,
  routedRetentionMs: 7 * 86_400_000,
};

export const DOCUMENT_COUNT_FIELD = '#docs';
export const REGROUPINGS_FIELD = 'regroupings';
/** openedAt of a story whose opening is unknown: it yields to any story that knows its own. */
export const UNKNOWN_OPENING = Number.MAX_SAFE_INTEGER;
const MAX_REDIRECT_HOPS = 8;

/**
 * The index's keys, all under the namespace's hash tag (one Redis Cluster slot). What is derived from
 * fingerprints lives under the fingerprint version (`v<n>:`): a new version starts an empty window
 * beside the old one, never compares its fingerprints with the old ones, and the old keys expire with
 * their TTL. Which story an item belongs to (item mappings), merges and regroupings are facts about
 * stories, not fingerprints: they carry over.
 */
export function dedupeIndexKeys(namespace: string, version = FINGERPRINT_VERSION) {
  const p = `dd:{${namespace}}:`;
  const v = `${p}v${version}:`;
  return {
    fp: (itemKey: string) => `${v}fp:${itemKey}`,
    item: (itemKey: string) => `${p}item:${itemKey}`,
    exact: (hash: string) => `${v}exact:${hash}`,
    lsh: (band: string) => `${v}lsh:${band}`,
    term: (term: string) => `${v}term:${term}`,
    story: (storyId: string) => `${v}story:${storyId}`,
    members: (storyId: string) => `${v}members:${storyId}`,
    payload: (itemKey: string) => `${v}payload:${itemKey}`,
    duplicates: (itemKey: string) => `${v}dups:${itemKey}`,
    merged: (storyId: string) => `${p}merged:${storyId}`,
    regroup: (id: string) => `${p}regroup:${id}`,
    pending: `${p}pending`,
    seq: `${p}seq`,
    df: `${v}df`,
    window: `${v}window`,
    items: `${p}items`,
    newest: `${v}newest`,
    routed: (submissionId: string) => `${p}routed:${submissionId}`,
  } as const;
}

export type DedupeIndexKeys = ReturnType<typeof dedupeIndexKeys>;

/**
 * The keys every routing reads and writes whose values may be a moment stale without misplacing an
 * item: the document frequencies (term weights), the index clock (written as a maximum), and the
 * window and item sets (which items leave is decided by their entries and mappings, read with the
 * condition, so two routers never evict one item twice). Routers that commit on the condition that
 * nothing they read changed meanwhile (services/router) leave these out of it, or every two routings
 * would conflict. (Salient terms' postings are read as a group: see `readAsGroup` in the lookup.)
 */
export function readWithoutCondition(keys: DedupeIndexKeys): string[] {
  return [keys.df, keys.newest, keys.window, keys.items];
}

/** An item's story, kept longer than the window: `dd:{ns}:item:<itemKey>`. */
export interface ItemMapping {
  storyId: string;
  item: ItemRef;
  versionCreated: number;
  exactHash: string;
  /** the fingerprint version `exactHash` was computed by (absent: version 1); another version's hash is never compared */
  fingerprintVersion?: number;
}

/** `dd:{ns}:routed:<submissionId>`: a submission's routing, the story it went to and why. */
export interface RecordedRoute {
  storyId: string;
  decision: DedupeDecision;
}

/** The write that records a submission's routing, in the commit that files its item (or moves it). */
export function routedWrite(keys: DedupeIndexKeys, options: DedupeIndexOptions, routed: RoutedSubmission | undefined): StorageWrite[] {
  if (!routed) return [];
  return [{ op: 'set', key: keys.routed(routed.submissionId), value: routed.route satisfies RecordedRoute, ttlMs: options.routedRetentionMs }];
}

/** A submission and where it is routed: recorded with the index write so that a retry replays it. */
export interface RoutedSubmission {
  submissionId: string;
  route: RecordedRoute;
}

/** `dd:{ns}:story:<storyId>` */
export interface StoredStory {
  profile: StoryProfile;
  items: number;
  /** key of the item that opened the story; absent in stories indexed before regrouping existed */
  opener?: string;
  openedAt?: number;
}

/**
 * What both views of the index (the candidate index, the regrouping store) stand on: one storage
 * port, one set of options, one key scheme.
 */
export abstract class StoredIndexPart {
  protected readonly storage: IndexStorage;
  protected readonly options: DedupeIndexOptions;
  protected readonly keys: DedupeIndexKeys;

  constructor(storage: IndexStorage, options: Partial<DedupeIndexOptions> = {}) {
    this.storage = storage;
    this.options = { ...DEFAULT_DEDUPE_INDEX_OPTIONS, ...options };
    this.keys = dedupeIndexKeys(this.options.namespace);
  }

  /** The entries of items in the window, null where absent (see stored-entry-codec.ts for how they are stored). */
  protected async entries(itemKeys: readonly string[]): Promise<Array<Entry | null>> {
    const stored = (await this.storage.getValues(itemKeys.map((key) => this.keys.fp(key)))) as Array<StoredEntry | null>;
    return stored.map((value) => decodeEntry(value));
  }

  protected entryWrite(itemKey: string, entry: Entry, ttlMs: number): StorageWrite {
    return { op: 'set', key: this.keys.fp(itemKey), value: encodeEntry(entry), ttlMs };
  }
}

/** Follows merges: the story each id lives on as. */
export async function resolveMerged(storage: IndexStorage, keys: DedupeIndexKeys, storyIds: readonly string[]): Promise<string[]> {
  let ids = [...storyIds];
  for (let hop = 0; hop < MAX_REDIRECT_HOPS; hop++) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return ids;
    const targets = (await storage.getValues(unique.map((id) => keys.merged(id)))) as Array<string | null>;
    const redirect = new Map(unique.flatMap((id, i) => (targets[i] ? [[id, targets[i]] as const] : [])));
    if (redirect.size === 0) return ids;
    ids = ids.map((id) => redirect.get(id) ?? id);
  }
  return ids;
}
