import type { AddOptions, CandidateIndex, CandidateIndexOptions, CandidateLookup, DuplicateKind, Neighbourhood, PendingRegrouping } from './candidate-index.ts';
import { candidateIndexKeys, DEFAULT_CANDIDATE_INDEX_OPTIONS, DOCUMENT_COUNT_FIELD, itemKeyOf } from './candidate-index.ts';
import type { Fingerprint, ItemRef } from './fingerprint.ts';
import { InMemoryIndexStorage } from './in-memory-index-storage.ts';
import type { IndexStorage, StorageWrite } from './index-storage.ts';
import type { Candidate } from './match-policy.ts';
import type { ItemMove, Regrouping, StoryMember, StoryMerge } from './regroup.ts';
import type { TermStatistics } from './similarity.ts';
import type { ItemVectors, StoryProfile } from './story-profile.ts';
import { addToStoryProfile, adjustStoryProfile, emptyStoryProfile, itemVectors } from './story-profile.ts';

// The key scheme, the eviction rules and the consistency contract are documented in candidate-index.ts.

interface Entry {
  storyId: string;
  fingerprint: Fingerprint;
  vectors: ItemVectors;
  /** the item this one duplicates: it follows that item through regroupings */
  duplicateOf?: { key: string; kind: DuplicateKind };
}

interface ItemMapping {
  storyId: string;
  item: ItemRef;
  versionCreated: number;
  exactHash: string;
}

interface StoredStory {
  profile: StoryProfile;
  items: number;
  /** key of the item that opened the story; absent in stories indexed before regrouping existed */
  opener?: string;
  openedAt?: number;
}

/** openedAt of a story whose opening is unknown: it yields to any story that knows its own. */
const UNKNOWN_OPENING = Number.MAX_SAFE_INTEGER;
const MAX_REDIRECT_HOPS = 8;
const REGROUPINGS_FIELD = 'regroupings';

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
    const [[newest, sameItem, ownEntry], exact, bands, postings, stats] = await Promise.all([
      s.getValues([k.newest, k.item(ownKey), k.fp(ownKey)]) as Promise<[number | null, ItemMapping | null, Entry | null]>,
      s.range(k.exact(fp.exactHash)),
      Promise.all(fp.lshBands.map((band) => s.range(k.lsh(band)))),
      Promise.all(fp.salientTerms.map((term) => s.range(k.term(term)))),
      this.#statistics(fp),
    ]);
    const cutoff = Math.max(fp.versionCreated, newest ?? Number.NEGATIVE_INFINITY) - this.#options.windowMs;
    const exactKeys = new Set(exact.map((m) => m.member));

    const found = new Set<string>();
    if (sameItem) found.add(ownKey);
    for (const member of exactKeys) found.add(member);
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
    const inWindow = (entry: Entry | null | undefined): entry is Entry => !!entry && entry.fingerprint.versionCreated >= cutoff;
    const retainedKeys = others.filter((key, i) => exactKeys.has(key) && !inWindow(entries[i]));
    const retained = (await s.getValues(retainedKeys.map((key) => k.item(key)))) as Array<ItemMapping | null>;
    const retainedOf = new Map(retainedKeys.map((key, i) => [key, retained[i]]));
    const candidates: Candidate[] = [];
    // The fingerprint may have left the window while the item's story mapping is still retained.
    if (sameItem) {
      candidates.push(ownEntry ? { storyId: sameItem.storyId, fingerprint: ownEntry.fingerprint, vectors: ownEntry.vectors } : { storyId: sameItem.storyId, fingerprint: fp });
    }
    others.forEach((key, i) => {
      const entry = entries[i];
      const mapping = retainedOf.get(key);
      if (inWindow(entry)) candidates.push({ storyId: entry.storyId, fingerprint: entry.fingerprint, vectors: entry.vectors });
      // Same exact hash, same normalised text: the incoming fingerprint stands in for the original's.
      else if (mapping && mapping.exactHash === fp.exactHash) {
        candidates.push({ storyId: mapping.storyId, fingerprint: { ...fp, item: mapping.item, versionCreated: mapping.versionCreated } });
      }
    });

    // A story merged into another lives on as that one.
    const resolved = await this.#resolveMerged(candidates.map((c) => c.storyId));
    const current = candidates.map((c, i) => (c.storyId === resolved[i] ? c : { ...c, storyId: resolved[i]! }));
    const storyIds = [...new Set(resolved)];
    const stories = (await s.getValues(storyIds.map((id) => k.story(id)))) as Array<StoredStory | null>;
    return { candidates: current, stories: stories.flatMap((story) => (story ? [story.profile] : [])), stats };
  }

  async add(storyId: string, fp: Fingerprint, options: AddOptions = {}): Promise<void> {
    const { article, duplicateOf } = options;
    const k = this.#keys;
    const s = this.#storage;
    const { windowMs, itemRetentionMs, maxPostingsPerTerm } = this.#options;
    const key = itemKeyOf(fp.item.providerId, fp.item.providerItemId);
    const [storedNewest, previous, previousItem] = (await s.getValues([k.newest, k.fp(key), k.item(key)])) as [number | null, Entry | null, ItemMapping | null];
    const newest = Math.max(storedNewest ?? Number.NEGATIVE_INFINITY, fp.versionCreated);
    const cutoff = newest - windowMs;
    const itemCutoff = newest - itemRetentionMs;
    const [leavingWindow, leavingItems] = await Promise.all([s.range(k.window, cutoff), s.range(k.items, itemCutoff)]);
    const evictedKeys = leavingWindow.map((m) => m.member).filter((m) => m !== key);
    const expiredItems = leavingItems.map((m) => m.member).filter((m) => m !== key);
    const [evictedEntries, expiredMappings, counts] = await Promise.all([
      s.getValues(evictedKeys.map((m) => k.fp(m))) as Promise<Array<Entry | null>>,
      s.getValues(expiredItems.map((m) => k.item(m))) as Promise<Array<ItemMapping | null>>,
      s.getCounts(k.df, [DOCUMENT_COUNT_FIELD, ...vectorTerms(fp)]),
    ]);
    const evicted: Array<{ key: string; entry: Pick<Entry, 'storyId' | 'fingerprint'> }> = evictedKeys.flatMap((m, i) => {
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

    // The new member is weighted with the statistics as they stand once it has joined.
    const [documents, ...frequencies] = counts;
    const ownTerms = vectorTerms(fp);
    const joined = ownTerms.map((term, i) => {
      const before = Math.max(0, frequencies[i]! - (previous && term in previous.fingerprint.terms ? 1 : 0));
      return before + (term in fp.terms ? 1 : 0);
    });
    const stats = this.#combine(documents! + (previous ? 0 : 1), ownTerms, joined);
    const vectors = itemVectors(fp, stats);

    const writes: StorageWrite[] = [];
    const ttlMs = itemRetentionMs + windowMs;
    if (previousItem) writes.push({ op: 'sorted-remove', key: k.exact(previousItem.exactHash), member: key });
    if (previous) {
      writes.push(...this.#removalWrites(key, previous.fingerprint));
      if (previous.storyId !== storyId) writes.push({ op: 'sorted-remove', key: k.members(previous.storyId), member: key });
      leaveStory(previous.storyId);
    }
    writes.push(
      { op: 'set', key: k.fp(key), value: { storyId, fingerprint: fp, vectors, ...(duplicateOf ? { duplicateOf } : {}) } satisfies Entry, ttlMs },
      { op: 'sorted-add', key: k.window, member: key, score: fp.versionCreated },
      { op: 'set', key: k.item(key), value: { storyId, item: fp.item, versionCreated: fp.versionCreated, exactHash: fp.exactHash } satisfies ItemMapping, ttlMs },
      { op: 'sorted-add', key: k.items, member: key, score: fp.versionCreated },
      { op: 'sorted-add', key: k.exact(fp.exactHash), member: key, score: fp.versionCreated, ttlMs },
      { op: 'sorted-add', key: k.members(storyId), member: key, score: fp.versionCreated, ttlMs },
      ...(article === undefined ? [] : [{ op: 'set', key: k.payload(key), value: article, ttlMs } satisfies StorageWrite]),
      ...(duplicateOf ? [{ op: 'sorted-add', key: k.duplicates(duplicateOf.key), member: key, score: fp.versionCreated, ttlMs } satisfies StorageWrite] : []),
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

    const story: StoredStory = stories.get(storyId) ?? { profile: emptyStoryProfile(storyId), items: 0, opener: key, openedAt: fp.versionCreated };
    stories.set(storyId, { ...story, profile: addToStoryProfile(story.profile, fp, stats, vectors), items: story.items + 1 });

    const leaving: Record<string, number> = {};
    for (const { key: m, entry } of evicted) {
      writes.push(
        ...this.#removalWrites(m, entry.fingerprint),
        { op: 'delete', key: k.fp(m) },
        { op: 'delete', key: k.payload(m) },
        { op: 'sorted-remove', key: k.window, member: m },
        { op: 'sorted-remove', key: k.members(entry.storyId), member: m },
      );
      leaving[DOCUMENT_COUNT_FIELD] = (leaving[DOCUMENT_COUNT_FIELD] ?? 0) - 1;
      leaveStory(entry.storyId);
    }
    if (evicted.length > 0) writes.push({ op: 'count', key: k.df, deltas: leaving });
    const expired = expiredItems.map((m, i) => ({ key: m, exactHash: expiredMappings[i]?.exactHash }));
    if (fp.versionCreated < itemCutoff) expired.push({ key, exactHash: fp.exactHash });
    for (const { key: m, exactHash } of expired) {
      writes.push({ op: 'delete', key: k.item(m) }, { op: 'sorted-remove', key: k.items, member: m });
      if (exactHash) writes.push({ op: 'sorted-remove', key: k.exact(exactHash), member: m });
    }
    for (const [id, value] of stories) {
      writes.push(value ? { op: 'set', key: k.story(id), value, ttlMs } : { op: 'delete', key: k.story(id) });
    }
    writes.push({ op: 'set', key: k.newest, value: newest, ttlMs });
    await s.commit(writes);
  }

  async neighbourhood(storyIds: readonly string[]): Promise<Neighbourhood> {
    const k = this.#keys;
    const s = this.#storage;
    const { maxRegroupStories, maxRegroupMembers } = this.#options;
    const candidates = [...new Set(await this.#resolveMerged(storyIds))].slice(0, maxRegroupStories);
    const lists = await Promise.all(candidates.map((id) => s.newest(k.members(id), maxRegroupMembers + 1)));
    // A story is regrouped whole or not at all: a part of it would move away from the rest it was not compared with.
    // A story larger than that has a profile too settled for one newcomer to have misled it.
    const ids = candidates.filter((_, i) => lists[i]!.length <= maxRegroupMembers);
    const keys = candidates.flatMap((_, i) => (lists[i]!.length <= maxRegroupMembers ? lists[i]!.map((m) => m.member) : []));
    const [entries, records, [generation]] = await Promise.all([
      s.getValues(keys.map((key) => k.fp(key))) as Promise<Array<Entry | null>>,
      s.getValues(ids.map((id) => k.story(id))) as Promise<Array<StoredStory | null>>,
      s.getCounts(k.seq, [REGROUPINGS_FIELD]),
    ]);
    // Duplicates are not regrouped themselves: they follow the item they duplicate.
    const current = await this.#resolveMerged(entries.map((entry) => entry?.storyId ?? ''));
    const members: StoryMember[] = keys.flatMap((key, i) => {
      const entry = entries[i];
      return entry && !entry.duplicateOf ? [{ key, storyId: current[i]!, fingerprint: entry.fingerprint, vectors: entry.vectors }] : [];
    });
    const stories = ids.map((storyId, i) => ({ storyId, opener: records[i]?.opener ?? null, openedAt: records[i]?.openedAt ?? UNKNOWN_OPENING }));
    return { members, stories, generation: generation! };
  }

  async applyRegrouping(planned: Regrouping, options: { carriedOutByCaller?: readonly string[] } = {}): Promise<PendingRegrouping> {
    const k = this.#keys;
    const s = this.#storage;
    const { itemRetentionMs, windowMs } = this.#options;
    const ttlMs = itemRetentionMs + windowMs;
    const [applied] = await s.getCounts(k.seq, [REGROUPINGS_FIELD]);
    const id = String(applied! + 1);
    // Duplicates follow the items they duplicate; what is left in a merged story goes to the story it merges into.
    const followers = await this.#followingDuplicates(planned.moves);
    const leftInMerged = await this.#leftInMergedStories(planned.merges, [...planned.moves, ...followers]);
    const leftFollowers = await this.#followingDuplicates(leftInMerged, [...planned.moves, ...followers]);
    const regrouping: Regrouping = { ...planned, moves: [...planned.moves, ...followers, ...leftInMerged, ...leftFollowers] };
    const byCaller = new Set(options.carriedOutByCaller ?? []);
    const pending: PendingRegrouping = { id, ...regrouping, moves: regrouping.moves.filter((m) => !byCaller.has(m.key)) };
    const writes: StorageWrite[] = [];

    const movedKeys = regrouping.moves.map((m) => m.key);
    const [entries, mappings] = await Promise.all([
      s.getValues(movedKeys.map((key) => k.fp(key))) as Promise<Array<Entry | null>>,
      s.getValues(movedKeys.map((key) => k.item(key))) as Promise<Array<ItemMapping | null>>,
    ]);
    const touched = [...new Set([...regrouping.moves.flatMap((m) => [m.from, m.to]), ...regrouping.merges.map((m) => m.storyId)])];
    const records = (await s.getValues(touched.map((id) => k.story(id)))) as Array<StoredStory | null>;
    const opened = new Map(regrouping.opened.map((story) => [story.storyId, story]));
    const stories = new Map<string, StoredStory>(
      touched.map((storyId, i) => {
        const opening = opened.get(storyId);
        const fresh: StoredStory = { profile: emptyStoryProfile(storyId), items: 0, ...(opening?.opener ? { opener: opening.opener, openedAt: opening.openedAt } : {}) };
        return [storyId, records[i] ?? fresh];
      }),
    );
    const leaving = new Map<string, Entry[]>();
    const joining = new Map<string, Entry[]>();
    regrouping.moves.forEach((move, i) => {
      const entry = entries[i];
      if (!entry) return;
      leaving.set(move.from, [...(leaving.get(move.from) ?? []), entry]);
      joining.set(move.to, [...(joining.get(move.to) ?? []), entry]);
      writes.push(
        { op: 'set', key: k.fp(move.key), value: { ...entry, storyId: move.to } satisfies Entry, ttlMs },
        { op: 'sorted-remove', key: k.members(move.from), member: move.key },
        { op: 'sorted-add', key: k.members(move.to), member: move.key, score: entry.fingerprint.versionCreated, ttlMs },
      );
      const mapping = mappings[i];
      if (mapping) writes.push({ op: 'set', key: k.item(move.key), value: { ...mapping, storyId: move.to } satisfies ItemMapping, ttlMs });
    });
    // Profiles move with their items: a story's long tail may have been pruned, so the subtraction is approximate.
    for (const [storyId, story] of stories) {
      const out = leaving.get(storyId) ?? [];
      const into = joining.get(storyId) ?? [];
      stories.set(storyId, { ...story, profile: adjustStoryProfile(story.profile, into, out), items: story.items + into.length - out.length });
    }
    for (const [storyId, story] of stories) {
      writes.push(story.items <= 0 ? { op: 'delete', key: k.story(storyId) } : { op: 'set', key: k.story(storyId), value: story, ttlMs });
    }
    for (const merge of regrouping.merges) writes.push({ op: 'set', key: k.merged(merge.storyId), value: merge.into, ttlMs });
    writes.push(
      { op: 'set', key: k.regroup(id), value: pending, ttlMs },
      { op: 'sorted-add', key: k.pending, member: id, score: applied! + 1, ttlMs },
      { op: 'count', key: k.seq, deltas: { [REGROUPINGS_FIELD]: 1 } },
    );
    await s.commit(writes);
    return pending;
  }

  /** Items of a merged story the regrouping did not move (its duplicates): they go to the story it merges into. */
  async #leftInMergedStories(merges: readonly StoryMerge[], moving: readonly ItemMove[]): Promise<ItemMove[]> {
    const k = this.#keys;
    const moved = new Set(moving.map((m) => m.key));
    const lists = await Promise.all(merges.map((merge) => this.#storage.range(k.members(merge.storyId))));
    const keys = lists.flatMap((list) => list.map((m) => m.member)).filter((key) => !moved.has(key));
    const entries = (await this.#storage.getValues(keys.map((key) => k.fp(key)))) as Array<Entry | null>;
    const byKey = new Map(keys.map((key, i) => [key, entries[i]]));
    const anchorKeys = [...new Set(entries.flatMap((entry) => (entry?.duplicateOf ? [entry.duplicateOf.key] : [])))];
    const anchors = (await this.#storage.getValues(anchorKeys.map((key) => k.item(key)))) as Array<ItemMapping | null>;
    const anchorOf = new Map(anchorKeys.map((key, i) => [key, anchors[i]?.item]));
    return merges.flatMap((merge, i) =>
      lists[i]!.flatMap(({ member }) => {
        const entry = byKey.get(member);
        if (!entry || moved.has(member) || entry.storyId !== merge.storyId) return [];
        const anchor = entry.duplicateOf ? anchorOf.get(entry.duplicateOf.key) : undefined;
        const duplicateOf = entry.duplicateOf && anchor ? { item: anchor, kind: entry.duplicateOf.kind } : undefined;
        return [{ key: member, item: entry.fingerprint.item, from: merge.storyId, to: merge.into, opens: false, score: 0, ...(duplicateOf ? { duplicateOf } : {}) }];
      }),
    );
  }

  /**
   * The moves of the items that duplicate a moved item (or one of its duplicates) and are still in its
   * story: they go where it goes.
   */
  async #followingDuplicates(moves: readonly ItemMove[], alreadyMoving: readonly ItemMove[] = []): Promise<ItemMove[]> {
    const k = this.#keys;
    const following: ItemMove[] = [];
    const seen = new Set([...moves, ...alreadyMoving].map((m) => m.key));
    let leaders: readonly ItemMove[] = moves;
    while (leaders.length > 0) {
      const lists = await Promise.all(leaders.map((move) => this.#storage.range(k.duplicates(move.key))));
      const keys = lists.flatMap((list) => list.map((m) => m.member));
      const entries = (await this.#storage.getValues(keys.map((key) => k.fp(key)))) as Array<Entry | null>;
      const byKey = new Map(keys.map((key, i) => [key, entries[i]]));
      const next: ItemMove[] = [];
      leaders.forEach((move, i) => {
        for (const { member } of lists[i]!) {
          const entry = byKey.get(member);
          if (seen.has(member) || !entry?.duplicateOf || entry.storyId !== move.from) continue;
          seen.add(member);
          next.push({ key: member, item: entry.fingerprint.item, from: move.from, to: move.to, opens: false, score: move.score, closest: move.item, duplicateOf: { item: move.item, kind: entry.duplicateOf.kind } });
        }
      });
      following.push(...next);
      leaders = next;
    }
    return following;
  }

  async pendingRegroupings(): Promise<PendingRegrouping[]> {
    const ids = (await this.#storage.range(this.#keys.pending)).map((m) => m.member);
    const values = (await this.#storage.getValues(ids.map((id) => this.#keys.regroup(id)))) as Array<PendingRegrouping | null>;
    return values.flatMap((value) => (value ? [value] : []));
  }

  async acknowledgeRegrouping(id: string): Promise<void> {
    await this.#storage.commit([
      { op: 'delete', key: this.#keys.regroup(id) },
      { op: 'sorted-remove', key: this.#keys.pending, member: id },
    ]);
  }

  async payloads(itemKeys: readonly string[]): Promise<unknown[]> {
    return this.#storage.getValues(itemKeys.map((key) => this.#keys.payload(key)));
  }

  /** Follows merges: the story each id lives on as. */
  async #resolveMerged(storyIds: readonly string[]): Promise<string[]> {
    let ids = [...storyIds];
    for (let hop = 0; hop < MAX_REDIRECT_HOPS; hop++) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return ids;
      const targets = (await this.#storage.getValues(unique.map((id) => this.#keys.merged(id)))) as Array<string | null>;
      const redirect = new Map(unique.flatMap((id, i) => (targets[i] ? [[id, targets[i]] as const] : [])));
      if (redirect.size === 0) return ids;
      ids = ids.map((id) => redirect.get(id) ?? id);
    }
    return ids;
  }

  /** Postings and document frequencies of an item's fingerprint (exact hash, fp key and window membership are the caller's). */
  #removalWrites(key: string, fingerprint: Fingerprint): StorageWrite[] {
    const k = this.#keys;
    const deltas: Record<string, number> = {};
    for (const term of Object.keys(fingerprint.terms)) deltas[term] = -1;
    return [
      ...fingerprint.lshBands.map((band): StorageWrite => ({ op: 'sorted-remove', key: k.lsh(band), member: key })),
      ...fingerprint.salientTerms.map((term): StorageWrite => ({ op: 'sorted-remove', key: k.term(term), member: key })),
      { op: 'count', key: k.df, deltas },
    ];
  }

  async #statistics(fp: Fingerprint): Promise<TermStatistics> {
    const terms = vectorTerms(fp);
    const [documents, ...frequencies] = await this.#storage.getCounts(this.#keys.df, [DOCUMENT_COUNT_FIELD, ...terms]);
    return this.#combine(documents!, terms, frequencies);
  }

  #combine(documents: number, terms: readonly string[], frequencies: readonly number[]): TermStatistics {
    const background = this.#options.backgroundStatistics;
    const documentFrequency: Record<string, number> = {};
    terms.forEach((term, i) => {
      documentFrequency[term] = Math.max(frequencies[i]!, background?.documentFrequency[term] ?? 0);
    });
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
