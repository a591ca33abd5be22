import type { Fingerprint } from './fingerprint.ts';
import { murmur32 } from './hashing.ts';
import type { Candidate } from './match-policy.ts';
import type { TermStatistics } from './similarity.ts';
import type { StoryProfile } from './story-profile.ts';
import { addToStoryProfile, emptyStoryProfile } from './story-profile.ts';

/**
 * Where the router finds candidate stories. Everything is addressed by keys so that a Redis
 * adapter is a thin translation (prefix `dd:`, `{…}` = value, all members are item keys):
 *
 *   dd:fp:{itemKey}           STRING  JSON { storyId, fingerprint } of the item's latest version
 *   dd:item:{itemKey}         STRING  storyId — same provider item id ⇒ same story (kept `itemRetentionMs`)
 *   dd:exact:{exactHash}      ZSET    item keys, score = versionCreated
 *   dd:lsh:{bandKey}          ZSET    item keys, score = versionCreated (one per MinHash band, 32 per item)
 *   dd:term:{salientTerm}     ZSET    item keys, score = versionCreated, trimmed to `maxPostingsPerTerm`
 *   dd:story:{storyId}        STRING  JSON StoryProfile (summed member vectors), deleted with its last item
 *   dd:df                     HASH    term → number of items in the window containing it; field `#docs` = items
 *
 * itemKey = base-36 murmur3 pair of (providerId, providerItemId); see `itemKeyOf`.
 *
 * Bounded by a window in event time (`versionCreated`, never the wall clock): on `add`, entries older
 * than the newest versionCreated seen minus `windowMs` leave the ZSETs (ZREMRANGEBYSCORE) and their
 * fp keys are deleted (the adapter also sets key TTLs as a backstop); their terms are decremented in
 * dd:df. Same-item mappings live longer (`itemRetentionMs`) so that late updates still find their
 * story. Redis Cluster: these keys are looked up together, so the adapter hash-tags them by a
 * constant (`dd:{idx}:…`) or shards whole indexes by language/desk.
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

export class InMemoryCandidateIndex implements CandidateIndex {
  readonly #options: CandidateIndexOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #items = new Map<string, { storyId: string; versionCreated: number }>();
  readonly #exact = new Map<string, Set<string>>();
  readonly #lsh = new Map<string, Set<string>>();
  readonly #terms = new Map<string, string[]>();
  readonly #df = new Map<string, number>();
  readonly #stories = new Map<string, { profile: StoryProfile; items: number }>();
  #newest = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<CandidateIndexOptions> = {}) {
    this.#options = { ...DEFAULT_CANDIDATE_INDEX_OPTIONS, ...options };
  }

  get size(): number {
    return this.#entries.size;
  }

  lookup(fp: Fingerprint): Promise<CandidateLookup> {
    const cutoff = Math.max(fp.versionCreated, this.#newest) - this.#options.windowMs;
    const found = new Set<string>();
    const ownKey = itemKeyOf(fp.item.providerId, fp.item.providerItemId);
    const candidates: Candidate[] = [];

    const sameItem = this.#items.get(ownKey);
    const sameItemEntry = this.#entries.get(ownKey);
    if (sameItem) {
      // The fingerprint may have left the window while the item's story mapping is still retained.
      candidates.push({ storyId: sameItem.storyId, fingerprint: sameItemEntry?.fingerprint ?? fp });
      found.add(ownKey);
    }
    for (const key of this.#exact.get(fp.exactHash) ?? []) found.add(key);
    for (const band of fp.lshBands) for (const key of this.#lsh.get(band) ?? []) found.add(key);

    const shared = new Map<string, number>();
    for (const term of fp.salientTerms) {
      for (const key of this.#terms.get(term) ?? []) if (!found.has(key)) shared.set(key, (shared.get(key) ?? 0) + 1);
    }
    const byTerms = [...shared.entries()]
      .filter(([, n]) => n >= this.#options.minSharedSalientTerms)
      .map(([key, n]) => ({ key, n, at: this.#entries.get(key)?.fingerprint.versionCreated ?? 0 }))
      .sort((a, b) => b.n - a.n || b.at - a.at || (a.key < b.key ? -1 : 1))
      .slice(0, this.#options.maxTermCandidates);
    for (const { key } of byTerms) found.add(key);

    for (const key of found) {
      if (key === ownKey) continue;
      const entry = this.#entries.get(key);
      if (entry && entry.fingerprint.versionCreated >= cutoff) candidates.push({ ...entry });
    }
    const stories = [...new Set(candidates.map((c) => c.storyId))].flatMap((id) => {
      const story = this.#stories.get(id);
      return story ? [story.profile] : [];
    });
    return Promise.resolve({ candidates, stories, stats: this.#statistics(fp, candidates) });
  }

  add(storyId: string, fp: Fingerprint): Promise<void> {
    const key = itemKeyOf(fp.item.providerId, fp.item.providerItemId);
    this.#newest = Math.max(this.#newest, fp.versionCreated);
    const previous = this.#entries.get(key);
    if (previous) this.#remove(key, previous);
    this.#entries.set(key, { storyId, fingerprint: fp });
    this.#items.delete(key);
    this.#items.set(key, { storyId, versionCreated: fp.versionCreated });
    addTo(this.#exact, fp.exactHash, key);
    for (const band of fp.lshBands) addTo(this.#lsh, band, key);
    for (const term of fp.salientTerms) {
      const postings = this.#terms.get(term) ?? [];
      postings.push(key);
      if (postings.length > this.#options.maxPostingsPerTerm) postings.shift();
      this.#terms.set(term, postings);
    }
    for (const term of Object.keys(fp.terms)) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
    const story = this.#stories.get(storyId) ?? { profile: emptyStoryProfile(storyId), items: 0 };
    const stats = this.#statistics(fp, []);
    this.#stories.set(storyId, { profile: addToStoryProfile(story.profile, fp, stats), items: story.items + 1 });
    this.#evict();
    return Promise.resolve();
  }

  #statistics(fp: Fingerprint, candidates: readonly Candidate[]): TermStatistics {
    const background = this.#options.backgroundStatistics;
    const documentFrequency: Record<string, number> = {};
    const note = (terms: Readonly<Record<string, number>>): void => {
      for (const term of Object.keys(terms)) {
        documentFrequency[term] ??= Math.max(this.#df.get(term) ?? 0, background?.documentFrequency[term] ?? 0);
      }
    };
    note(fp.terms);
    note(fp.entities);
    for (const c of candidates) {
      note(c.fingerprint.terms);
      note(c.fingerprint.entities);
    }
    return { documentCount: Math.max(this.#entries.size, background?.documentCount ?? 0), documentFrequency };
  }

  // Entries were inserted in arrival order, which is close to event-time order: sweep from the oldest.
  #evict(): void {
    const cutoff = this.#newest - this.#options.windowMs;
    for (const [key, entry] of this.#entries) {
      if (entry.fingerprint.versionCreated >= cutoff) break;
      this.#remove(key, entry);
      this.#entries.delete(key);
    }
    const itemCutoff = this.#newest - this.#options.itemRetentionMs;
    for (const [key, item] of this.#items) {
      if (item.versionCreated >= itemCutoff) break;
      this.#items.delete(key);
    }
  }

  #remove(key: string, entry: Entry): void {
    removeFrom(this.#exact, entry.fingerprint.exactHash, key);
    for (const band of entry.fingerprint.lshBands) removeFrom(this.#lsh, band, key);
    for (const term of entry.fingerprint.salientTerms) {
      const postings = this.#terms.get(term);
      if (!postings) continue;
      const kept = postings.filter((k) => k !== key);
      if (kept.length === 0) this.#terms.delete(term);
      else this.#terms.set(term, kept);
    }
    for (const term of Object.keys(entry.fingerprint.terms)) {
      const n = (this.#df.get(term) ?? 1) - 1;
      if (n <= 0) this.#df.delete(term);
      else this.#df.set(term, n);
    }
    // A profile is not un-summed: it lives while any of its items does, then goes as a whole.
    const story = this.#stories.get(entry.storyId);
    if (story && story.items <= 1) this.#stories.delete(entry.storyId);
    else if (story) this.#stories.set(entry.storyId, { ...story, items: story.items - 1 });
  }
}

function addTo(map: Map<string, Set<string>>, key: string, member: string): void {
  const set = map.get(key);
  if (set) set.add(member);
  else map.set(key, new Set([member]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, member: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(member);
  if (set.size === 0) map.delete(key);
}

