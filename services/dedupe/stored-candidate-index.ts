import type { AddOptions, CandidateIndex, CandidateLookup } from './candidate-index.ts';
import type { Fingerprint } from './fingerprint.ts';
import { FINGERPRINT_VERSION } from './fingerprint.ts';
import { itemVectors } from './item-vectors.ts';
import { itemKeyOf } from './item-key.ts';
import type { ScoredMember, StorageWrite } from './index-storage.ts';
import type { Candidate } from './match-policy.ts';
import { addToStoryProfile, emptyStoryProfile } from './story-profile.ts';
import type { Entry, ItemMapping, RecordedRoute, StoredStory } from './stored-index-layout.ts';
import { decodeEntry, type StoredEntry } from './stored-entry-codec.ts';
import { DOCUMENT_COUNT_FIELD, resolveMerged, routedWrite, StoredIndexPart } from './stored-index-layout.ts';
import type { TermStatistics } from './term-statistics.ts';

/** The candidate index over a storage port; the key scheme and eviction rules are in stored-index-layout.ts. */
export class StoredCandidateIndex extends StoredIndexPart implements CandidateIndex {
  async lookup(fp: Fingerprint): Promise<CandidateLookup> {
    const k = this.keys;
    const s = this.storage;
    const ownKey = itemKeyOf(fp.item.providerId, fp.item.providerItemId);
    const [[newest, sameItem, ownStored], exact, bands, postings, stats] = await Promise.all([
      s.getValues([k.newest, k.item(ownKey), k.fp(ownKey)]) as Promise<[number | null, ItemMapping | null, StoredEntry | null]>,
      s.range(k.exact(fp.exactHash)),
      Promise.all(fp.lshBands.map((band) => s.range(k.lsh(band)))),
      Promise.all(fp.salientTerms.map((term) => s.range(k.term(term)))),
      this.#statistics(fp),
    ]);
    const ownEntry = decodeEntry(ownStored);
    const cutoff = Math.max(fp.versionCreated, newest ?? Number.NEGATIVE_INFINITY) - this.options.windowMs;
    const exactKeys = new Set(exact.map((m) => m.member));

    const found = new Set<string>();
    if (sameItem) found.add(ownKey);
    for (const member of exactKeys) found.add(member);
    for (const member of this.#byBands(bands)) found.add(member);
    const byTerms = mostListed([...tally(postings, found)].filter(([, { n }]) => n >= this.options.minSharedSalientTerms)).slice(0, this.options.maxTermCandidates);
    for (const [key] of byTerms) found.add(key);
    // A newer item would reach this lookup through terms only by sharing as many as the last one taken.
    const full = byTerms.length === this.options.maxTermCandidates;
    s.readAsGroup?.(fp.salientTerms.map((term) => k.term(term)), full ? byTerms[byTerms.length - 1]![1].n : this.options.minSharedSalientTerms);

    const others = [...found].filter((key) => key !== ownKey);
    const entries = await this.entries(others);
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
      else if (mapping && mapping.exactHash === fp.exactHash && mapping.fingerprintVersion === FINGERPRINT_VERSION) {
        candidates.push({ storyId: mapping.storyId, fingerprint: { ...fp, item: mapping.item, versionCreated: mapping.versionCreated } });
      }
    });

    // A story merged into another lives on as that one. Merges are rare: the stories are read with the
    // redirects, in one round trip, and read again only when one was merged.
    const named = [...new Set(candidates.map((c) => c.storyId))];
    const read = await s.getValues([...named.map((id) => k.merged(id)), ...named.map((id) => k.story(id))]);
    if (read.slice(0, named.length).every((target) => target === null)) {
      const stories = read.slice(named.length) as Array<StoredStory | null>;
      return { candidates, stories: stories.flatMap((story) => (story ? [story.profile] : [])), stats };
    }
    const resolved = await resolveMerged(this.storage, this.keys, candidates.map((c) => c.storyId));
    const current = candidates.map((c, i) => (c.storyId === resolved[i] ? c : { ...c, storyId: resolved[i]! }));
    const storyIds = [...new Set(resolved)];
    const stories = (await s.getValues(storyIds.map((id) => k.story(id)))) as Array<StoredStory | null>;
    return { candidates: current, stories: stories.flatMap((story) => (story ? [story.profile] : [])), stats };
  }

  /**
   * Items in the incoming item's LSH buckets, at most `maxBandCandidates`: those in the most buckets
   * first (a near duplicate shares many of the 32 bands; unrelated copy on a common template shares
   * one, and such collisions grow with the index), the newest next. Below the cap, all in bucket order.
   */
  #byBands(bands: ReadonlyArray<readonly ScoredMember[]>): string[] {
    const hits = tally(bands);
    if (hits.size <= this.options.maxBandCandidates) return [...hits.keys()];
    return mostListed([...hits]).slice(0, this.options.maxBandCandidates).map(([member]) => member);
  }

  async add(storyId: string, fp: Fingerprint, options: AddOptions = {}): Promise<void> {
    const { article, duplicateOf, routed } = options;
    const k = this.keys;
    const s = this.storage;
    const { windowMs, itemRetentionMs, maxPostingsPerTerm } = this.options;
    const key = itemKeyOf(fp.item.providerId, fp.item.providerItemId);
    const [storedNewest, previousStored, previousItem] = (await s.getValues([k.newest, k.fp(key), k.item(key)])) as [number | null, StoredEntry | null, ItemMapping | null];
    const previous = decodeEntry(previousStored);
    const newest = Math.max(storedNewest ?? Number.NEGATIVE_INFINITY, fp.versionCreated);
    const cutoff = newest - windowMs;
    const itemCutoff = newest - itemRetentionMs;
    const [leavingWindow, leavingItems] = await Promise.all([s.range(k.window, cutoff), s.range(k.items, itemCutoff)]);
    const evictedKeys = leavingWindow.map((m) => m.member).filter((m) => m !== key);
    const expiredItems = leavingItems.map((m) => m.member).filter((m) => m !== key);
    const [evictedEntries, expiredMappings, counts] = await Promise.all([
      this.entries(evictedKeys),
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
      this.entryWrite(key, { storyId, fingerprint: fp, vectors, ...(duplicateOf ? { duplicateOf } : {}) }, ttlMs),
      { op: 'sorted-add', key: k.window, member: key, score: fp.versionCreated },
      { op: 'set', key: k.item(key), value: { storyId, item: fp.item, versionCreated: fp.versionCreated, exactHash: fp.exactHash, fingerprintVersion: FINGERPRINT_VERSION } satisfies ItemMapping, ttlMs },
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
    writes.push({ op: 'set-max', key: k.newest, value: newest, ttlMs }, ...routedWrite(k, this.options, routed));
    await s.commit(writes);
  }

  async routedBefore(submissionId: string): Promise<RecordedRoute | null> {
    const [route] = (await this.storage.getValues([this.keys.routed(submissionId)])) as [RecordedRoute | null];
    return route;
  }

  /** Postings and document frequencies of an item's fingerprint (exact hash, fp key and window membership are the caller's). */
  #removalWrites(key: string, fingerprint: Fingerprint): StorageWrite[] {
    const k = this.keys;
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
    const [documents, ...frequencies] = await this.storage.getCounts(this.keys.df, [DOCUMENT_COUNT_FIELD, ...terms]);
    return this.#combine(documents!, terms, frequencies);
  }

  /** The window's counts, or the background's scaled to the window's size, whichever says the term is commoner. */
  #combine(documents: number, terms: readonly string[], frequencies: readonly number[]): TermStatistics {
    const background = this.options.backgroundStatistics;
    const documentCount = Math.max(documents, background?.documentCount ?? 0);
    const scale = background && background.documentCount > 0 ? documentCount / background.documentCount : 0;
    const documentFrequency: Record<string, number> = {};
    terms.forEach((term, i) => {
      documentFrequency[term] = Math.max(frequencies[i]!, (background?.documentFrequency[term] ?? 0) * scale);
    });
    return { documentCount, documentFrequency };
  }
}

/** The terms an item's vectors are weighted by: content words and names. */
function vectorTerms(fp: Fingerprint): string[] {
  return [...new Set([...Object.keys(fp.terms), ...Object.keys(fp.entities)])];
}

/** In how many of the lists each member is (but those in `skip`), and its score (the time it was filed) in the last one. */
function tally(lists: ReadonlyArray<readonly ScoredMember[]>, skip: ReadonlySet<string> = new Set()): Map<string, Listed> {
  const hits = new Map<string, Listed>();
  for (const list of lists) {
    for (const { member, score } of list) if (!skip.has(member)) hits.set(member, { n: (hits.get(member)?.n ?? 0) + 1, at: score });
  }
  return hits;
}

/** Those in the most lists first, the newest next, then by key: an order whatever the storage returned. */
function mostListed(hits: Array<[string, Listed]>): Array<[string, Listed]> {
  return hits.sort(([a, x], [b, y]) => y.n - x.n || y.at - x.at || (a < b ? -1 : 1));
}

interface Listed {
  n: number;
  at: number;
}
