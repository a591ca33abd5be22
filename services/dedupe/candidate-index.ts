import type { Fingerprint } from './fingerprint.ts';
import { murmur32 } from './hashing.ts';
import { InMemoryIndexStorage } from './in-memory-index-storage.ts';
import type { IndexStorage, StorageWrite } from './index-storage.ts';
import type { Candidate } from './match-policy.ts';
import type { TermStatistics } from './similarity.ts';
import type { StoryProfile } from './story-profile.ts';
import { addToStoryProfile, emptyStoryProfile } from './story-profile.ts';

/**
 * Where the router finds candidate stories. One implementation (`StoredCandidateIndex`) over a
 * storage port, in process memory or in Redis, under these keys (`{ns}` = the namespace, a Redis
 * Cluster hash tag so that every key of one index lives in one slot; `<…>` = value):
 *
 *   dd:{ns}:fp:<itemKey>        STRING  JSON { storyId, fingerprint } of the item's latest version, while in the window
 *   dd:{ns}:item:<itemKey>      STRING  JSON { storyId, versionCreated }: same provider item id ⇒ same story (kept `itemRetentionMs`)
 *   dd:{ns}:exact:<exactHash>   ZSET    item keys, score = versionCreated
 *   dd:{ns}:lsh:<bandKey>       ZSET    item keys, score = versionCreated (one per MinHash band, 32 per item)
 *   dd:{ns}:term:<salientTerm>  ZSET    item keys, score = versionCreated, trimmed to the newest `maxPostingsPerTerm`
 *   dd:{ns}:story:<storyId>     STRING  JSON { profile: StoryProfile, items }, deleted with its last item in the window
 *   dd:{ns}:df                  HASH    term → number of items in the window containing it; field `#docs` = items
 *   dd:{ns}:window              ZSET    item keys in the window, score = versionCreated
 *   dd:{ns}:items               ZSET    item keys with a retained item mapping, score = versionCreated
 *   dd:{ns}:newest              STRING  the newest versionCreated seen
 *
 * itemKey = base-36 murmur3 pair of (providerId, providerItemId); see `itemKeyOf`.
 *
 * Bounded by a window in event time (`versionCreated`, never the wall clock): on `add`, items older
 * than the newest versionCreated seen minus `windowMs` leave the sorted sets and their fp keys are
 * deleted; their terms are decremented in df. Same-item mappings live longer (`itemRetentionMs`) so
 * that late updates still find their story. Key TTLs are only a backstop against abandoned indexes.
 * Each `add` is one atomic commit; lookup-then-add is serialised by the caller (the router's lock).
 */
export interface CandidateIndex {
  lookup(fp: Fingerprint): Promise<CandidateLookup>;
  add(storyId: string, fp: Fingerprint): Promise<void>;
}

export interface CandidateLookup {
  candidates: Candidate[];
  /** profiles of the candidates' stories */
  stories: StoryProfile[];
  stats: TermStatistics;
}

export interface CandidateIndexOptions {
  /** the key namespace (a hash tag): one per index */
  namespace: string;
  windowMs: number;
  itemRetentionMs: number;
  /** newest entries kept per salient term: bounds one lookup's fan-out */
  maxPostingsPerTerm: number;
  /** items reached only through salient terms, best (most shared terms, newest) first */
  maxTermCandidates: number;
  minSharedSalientTerms: number;
  /**
   * Document frequencies to start from (the larger of these and the window's own counts wins): a
   * cold index (a fresh deployment, an evaluation) has seen too little copy to know which words are common.
   */
  backgroundStatistics?: TermStatistics;
}

export const DEFAULT_CANDIDATE_INDEX_OPTIONS: CandidateIndexOptions = {
  namespace: 'idx',
  windowMs: 3 * 86_400_000,
  itemRetentionMs: 30 * 86_400_000,
  maxPostingsPerTerm: 200,
  maxTermCandidates: 50,
  minSharedSalientTerms: 2,
};

export function itemKeyOf(providerId: string, providerItemId: string): string {
  const key = `${providerId}\u0000${providerItemId}`;
  return `${murmur32(key, 0x1f123bb5).toString(36)}${murmur32(key, 0x3c6ef372).toString(36)}`;
}

export const DOCUMENT_COUNT_FIELD = '#docs';

interface Entry {
  storyId: string;
  fingerprint: Fingerprint;
}

interface ItemMapping {
  storyId: string;
  versionCreated: number;
}

interface StoredStory {
  profile: StoryProfile;
  items: number;
}

export function candidateIndexKeys(namespace: string) {
  const p = `dd:{${namespace}}:`;
  return {
    fp: (itemKey: string) => `${p}fp:${itemKey}`,
    item: (itemKey: string) => `${p}item:${itemKey}`,
    exact: (hash: string) => `${p}exact:${hash}`,
    lsh: (band: string) => `${p}lsh:${band}`,
    term: (term: string) => `${p}term:${term}`,
    story: (storyId: string) => `${p}story:${storyId}`,
    df: `${p}df`,
    window: `${p}window`,
    items: `${p}items`,
    newest: `${p}newest`,
  } as const;
}

type Keys = ReturnType<typeof candidateIndexKeys>;

export class StoredCandidateIndex implements CandidateIndex {
  readonly #storage: IndexStorage;
  readonly #options: CandidateIndexOptions;
  readonly #keys: Keys;

  constructor(storage: IndexStorage, options: Partial<CandidateIndexOptions> = {}) {
    this.#storage = storage;
    this.#options = { ...DEFAULT_CANDIDATE_INDEX_OPTIONS, ...options };
    this.#keys = candidateIndexKeys(this.#options.namespace);
  }

  async lookup(fp: Fingerprint): Promise<CandidateLookup> {
    const k = this.#keys;
    const s = this.#storage;
    const ownKey = itemKeyOf(fp.item.providerId, fp.item.providerItemId);
    const [[newest, sameItem, ownEntry], exact, bands, postings] = await Promise.all([
      s.getValues([k.newest, k.item(ownKey), k.fp(ownKey)]) as Promise<[number | null, ItemMapping | null, Entry | null]>,
      s.range(k.exact(fp.exactHash)),
      Promise.all(fp.lshBands.map((band) => s.range(k.lsh(band)))),
      Promise.all(fp.salientTerms.map((term) => s.range(k.term(term)))),
    ]);
    const cutoff = Math.max(fp.versionCreated, newest ?? Number.NEGATIVE_INFINITY) - this.#options.windowMs;

    const found = new Set<string>();
    if (sameItem) found.add(ownKey);
    for (const { member } of exact) found.add(member);
    for (const band of bands) for (const { member } of band) found.add(member);
    const shared = new Map<string, { n: number; at: number }>();
    for (const list of postings) {
      for (const { member, score } of list) {
        if (found.has(member)) continue;
        const seen = shared.get(member);
        shared.set(member, { n: (seen?.n ?? 0) + 1, at: score });
      }
    }
    const byTerms = [...shared.entries()]
      .filter(([, { n }]) => n >= this.#options.minSharedSalientTerms)
      .sort(([a, x], [b, y]) => y.n - x.n || y.at - x.at || (a < b ? -1 : 1))
      .slice(0, this.#options.maxTermCandidates);
    for (const [key] of byTerms) found.add(key);

    const others = [...found].filter((key) => key !== ownKey);
    const entries = (await s.getValues(others.map((key) => k.fp(key)))) as Array<Entry | null>;
    const candidates: Candidate[] = [];
    // The fingerprint may have left the window while the item's story mapping is still retained.
    if (sameItem) candidates.push({ storyId: sameItem.storyId, fingerprint: ownEntry?.fingerprint ?? fp });
    for (const entry of entries) {
      if (entry && entry.fingerprint.versionCreated >= cutoff) candidates.push({ storyId: entry.storyId, fingerprint: entry.fingerprint });
    }

    const storyIds = [...new Set(candidates.map((c) => c.storyId))];
    const [stories, stats] = await Promise.all([
      s.getValues(storyIds.map((id) => k.story(id))) as Promise<Array<StoredStory | null>>,
      this.#statistics([fp, ...candidates.map((c) => c.fingerprint)]),
    ]);
    return { candidates, stories: stories.flatMap((story) => (story ? [story.profile] : [])), stats };
  }

  async add(storyId: string, fp: Fingerprint): Promise<void> {
    const k = this.#keys;
    const s = this.#storage;
    const { windowMs, itemRetentionMs, maxPostingsPerTerm } = this.#options;
    const key = itemKeyOf(fp.item.providerId, fp.item.providerItemId);
    const [storedNewest, previous] = (await s.getValues([k.newest, k.fp(key)])) as [number | null, Entry | null];
    const newest = Math.max(storedNewest ?? Number.NEGATIVE_INFINITY, fp.versionCreated);
    const cutoff = newest - windowMs;
    const itemCutoff = newest - itemRetentionMs;
    const [leavingWindow, leavingItems] = await Promise.all([s.range(k.window, cutoff), s.range(k.items, itemCutoff)]);
    const evictedKeys = leavingWindow.map((m) => m.member).filter((m) => m !== key);
    const [evictedEntries, counts] = await Promise.all([
      s.getValues(evictedKeys.map((m) => k.fp(m))) as Promise<Array<Entry | null>>,
      s.getCounts(k.df, [DOCUMENT_COUNT_FIELD, ...vectorTerms(fp)]),
    ]);
    const evicted: Array<{ key: string; entry: Entry }> = evictedKeys.flatMap((m, i) => {
      const entry = evictedEntries[i];
      return entry ? [{ key: m, entry }] : [];
    });
    // A late item older than the window leaves it again at once, like any other expired item.
    if (fp.versionCreated < cutoff) evicted.push({ key, entry: { storyId, fingerprint: fp } });
    const touched = [...new Set([storyId, ...(previous ? [previous.storyId] : []), ...evicted.map((e) => e.entry.storyId)])];
    const stored = (await s.getValues(touched.map((id) => k.story(id)))) as Array<StoredStory | null>;
    const stories = new Map<string, StoredStory | null>(touched.map((id, i) => [id, stored[i] ?? null]));
    const leaveStory = (id: string): void => {
      // A profile is not un-summed: it lives while any of its items does, then goes as a whole.
      const story = stories.get(id);
      if (story) stories.set(id, story.items <= 1 ? null : { ...story, items: story.items - 1 });
    };

    const writes: StorageWrite[] = [];
    const ttlMs = itemRetentionMs + windowMs;
    if (previous) {
      writes.push(...this.#removalWrites(key, previous.fingerprint));
      leaveStory(previous.storyId);
    }
    writes.push(
      { op: 'set', key: k.fp(key), value: { storyId, fingerprint: fp } satisfies Entry, ttlMs },
      { op: 'sorted-add', key: k.window, member: key, score: fp.versionCreated },
      { op: 'set', key: k.item(key), value: { storyId, versionCreated: fp.versionCreated } satisfies ItemMapping, ttlMs },
      { op: 'sorted-add', key: k.items, member: key, score: fp.versionCreated },
      { op: 'sorted-add', key: k.exact(fp.exactHash), member: key, score: fp.versionCreated, ttlMs },
      ...fp.lshBands.map((band): StorageWrite => ({ op: 'sorted-add', key: k.lsh(band), member: key, score: fp.versionCreated, ttlMs })),
    );
    for (const term of fp.salientTerms) {
      writes.push(
        { op: 'sorted-add', key: k.term(term), member: key, score: fp.versionCreated, ttlMs },
        { op: 'sorted-trim', key: k.term(term), keep: maxPostingsPerTerm },
      );
    }
    const added: Record<string, number> = previous ? {} : { [DOCUMENT_COUNT_FIELD]: 1 };
    for (const term of Object.keys(fp.terms)) added[term] = 1;
    writes.push({ op: 'count', key: k.df, deltas: added });

    // The new member is weighted with the statistics as they stand once it has joined.
    const documentFrequency = new Map<string, number>();
    const [documents, ...frequencies] = counts;
    vectorTerms(fp).forEach((term, i) => {
      const before = Math.max(0, frequencies[i]! - (previous && term in previous.fingerprint.terms ? 1 : 0));
      documentFrequency.set(term, before + (term in fp.terms ? 1 : 0));
    });
    const story = stories.get(storyId) ?? { profile: emptyStoryProfile(storyId), items: 0 };
    const stats = this.#combine(documents! + (previous ? 0 : 1), documentFrequency, [fp]);
    stories.set(storyId, { profile: addToStoryProfile(story.profile, fp, stats), items: story.items + 1 });

    const leaving: Record<string, number> = {};
    for (const { key: m, entry } of evicted) {
      writes.push(...this.#removalWrites(m, entry.fingerprint), { op: 'delete', key: k.fp(m) }, { op: 'sorted-remove', key: k.window, member: m });
      leaving[DOCUMENT_COUNT_FIELD] = (leaving[DOCUMENT_COUNT_FIELD] ?? 0) - 1;
      leaveStory(entry.storyId);
    }
    if (evicted.length > 0) writes.push({ op: 'count', key: k.df, deltas: leaving });
    const expiredItems = leavingItems.map((m) => m.member).filter((m) => m !== key);
    if (fp.versionCreated < itemCutoff) expiredItems.push(key);
    for (const m of expiredItems) writes.push({ op: 'delete', key: k.item(m) }, { op: 'sorted-remove', key: k.items, member: m });
    for (const [id, value] of stories) {
      writes.push(value ? { op: 'set', key: k.story(id), value, ttlMs } : { op: 'delete', key: k.story(id) });
    }
    writes.push({ op: 'set', key: k.newest, value: newest, ttlMs });
    await s.commit(writes);
  }

  /** Postings and document frequencies of an item's fingerprint (the fp key and window membership are the caller's). */
  #removalWrites(key: string, fingerprint: Fingerprint): StorageWrite[] {
    const k = this.#keys;
    const deltas: Record<string, number> = {};
    for (const term of Object.keys(fingerprint.terms)) deltas[term] = -1;
    return [
      { op: 'sorted-remove', key: k.exact(fingerprint.exactHash), member: key },
      ...fingerprint.lshBands.map((band): StorageWrite => ({ op: 'sorted-remove', key: k.lsh(band), member: key })),
      ...fingerprint.salientTerms.map((term): StorageWrite => ({ op: 'sorted-remove', key: k.term(term), member: key })),
      { op: 'count', key: k.df, deltas },
    ];
  }

  async #statistics(fingerprints: readonly Fingerprint[]): Promise<TermStatistics> {
    const terms = [...new Set(fingerprints.flatMap(vectorTerms))];
    const [documents, ...frequencies] = await this.#storage.getCounts(this.#keys.df, [DOCUMENT_COUNT_FIELD, ...terms]);
    return this.#combine(documents!, new Map(terms.map((term, i) => [term, frequencies[i]!])), fingerprints);
  }

  #combine(documents: number, frequencies: ReadonlyMap<string, number>, fingerprints: readonly Fingerprint[]): TermStatistics {
    const background = this.#options.backgroundStatistics;
    const documentFrequency: Record<string, number> = {};
    for (const fp of fingerprints) {
      for (const term of vectorTerms(fp)) {
        documentFrequency[term] ??= Math.max(frequencies.get(term) ?? 0, background?.documentFrequency[term] ?? 0);
      }
    }
    return { documentCount: Math.max(documents, background?.documentCount ?? 0), documentFrequency };
  }
}

/** The terms an item's vectors are weighted by: content words and names. */
function vectorTerms(fp: Fingerprint): string[] {
  return [...new Set([...Object.keys(fp.terms), ...Object.keys(fp.entities)])];
}

/** The index in process memory: the evaluation and unit tests run the production index logic over it. */
export class InMemoryCandidateIndex extends StoredCandidateIndex {
  constructor(options: Partial<CandidateIndexOptions> = {}) {
    super(new InMemoryIndexStorage(), options);
  }
}
