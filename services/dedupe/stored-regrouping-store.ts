import type { StorageWrite } from './index-storage.ts';
import type { ItemMove, Regrouping, StoryMember, StoryMerge } from './regroup.ts';
import type { Neighbourhood, PendingRegrouping, RegroupingStore } from './regrouping-store.ts';
import { adjustStoryProfile, emptyStoryProfile } from './story-profile.ts';
import type { Entry, ItemMapping, RoutedSubmission, StoredStory } from './stored-index-layout.ts';
import { REGROUPINGS_FIELD, resolveMerged, routedWrite, StoredIndexPart, UNKNOWN_OPENING } from './stored-index-layout.ts';

/** The regrouping store over the storage port the candidate index uses (the same keys, see stored-index-layout.ts). */
export class StoredRegroupingStore extends StoredIndexPart implements RegroupingStore {
  async neighbourhood(storyIds: readonly string[]): Promise<Neighbourhood> {
    const k = this.keys;
    const s = this.storage;
    const { maxRegroupStories, maxRegroupMembers } = this.options;
    const candidates = [...new Set(await resolveMerged(this.storage, this.keys, storyIds))].slice(0, maxRegroupStories);
    const lists = await Promise.all(candidates.map((id) => s.newest(k.members(id), maxRegroupMembers + 1)));
    // A story is regrouped whole or not at all: a part of it would move away from the rest it was not compared with.
    // A story larger than that has a profile too settled for one newcomer to have misled it.
    const ids = candidates.filter((_, i) => lists[i]!.length <= maxRegroupMembers);
    const keys = candidates.flatMap((_, i) => (lists[i]!.length <= maxRegroupMembers ? lists[i]!.map((m) => m.member) : []));
    const [entries, records, [generation]] = await Promise.all([
      this.entries(keys),
      s.getValues(ids.map((id) => k.story(id))) as Promise<Array<StoredStory | null>>,
      s.getCounts(k.seq, [REGROUPINGS_FIELD]),
    ]);
    // Duplicates are not regrouped themselves: they follow the item they duplicate.
    const current = await resolveMerged(this.storage, this.keys, entries.map((entry) => entry?.storyId ?? ''));
    const members: StoryMember[] = keys.flatMap((key, i) => {
      const entry = entries[i];
      return entry && !entry.duplicateOf ? [{ key, storyId: current[i]!, fingerprint: entry.fingerprint, vectors: entry.vectors, ...(entry.moved ? { settled: true } : {}) }] : [];
    });
    const stories = ids.map((storyId, i) => ({ storyId, opener: records[i]?.opener ?? null, openedAt: records[i]?.openedAt ?? UNKNOWN_OPENING }));
    return { members, stories, generation: generation! };
  }

  async applyRegrouping(planned: Regrouping, options: { carriedOutByCaller?: readonly string[]; routed?: RoutedSubmission } = {}): Promise<PendingRegrouping> {
    const k = this.keys;
    const s = this.storage;
    const { itemRetentionMs, windowMs } = this.options;
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
      this.entries(movedKeys),
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
        this.entryWrite(move.key, { ...entry, storyId: move.to, moved: true }, ttlMs),
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
      ...routedWrite(k, this.options, options.routed),
    );
    await s.commit(writes);
    return pending;
  }

  /** Items of a merged story the regrouping did not move (its duplicates): they go to the story it merges into. */
  async #leftInMergedStories(merges: readonly StoryMerge[], moving: readonly ItemMove[]): Promise<ItemMove[]> {
    const k = this.keys;
    const moved = new Set(moving.map((m) => m.key));
    const lists = await Promise.all(merges.map((merge) => this.storage.range(k.members(merge.storyId))));
    const keys = lists.flatMap((list) => list.map((m) => m.member)).filter((key) => !moved.has(key));
    const entries = await this.entries(keys);
    const byKey = new Map(keys.map((key, i) => [key, entries[i]]));
    const anchorKeys = [...new Set(entries.flatMap((entry) => (entry?.duplicateOf ? [entry.duplicateOf.key] : [])))];
    const anchors = (await this.storage.getValues(anchorKeys.map((key) => k.item(key)))) as Array<ItemMapping | null>;
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
    const k = this.keys;
    const following: ItemMove[] = [];
    const seen = new Set([...moves, ...alreadyMoving].map((m) => m.key));
    let leaders: readonly ItemMove[] = moves;
    while (leaders.length > 0) {
      const lists = await Promise.all(leaders.map((move) => this.storage.range(k.duplicates(move.key))));
      const keys = lists.flatMap((list) => list.map((m) => m.member));
      const entries = await this.entries(keys);
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
    const ids = (await this.storage.range(this.keys.pending)).map((m) => m.member);
    const values = (await this.storage.getValues(ids.map((id) => this.keys.regroup(id)))) as Array<PendingRegrouping | null>;
    return values.flatMap((value) => (value ? [value] : []));
  }

  async acknowledgeRegrouping(id: string): Promise<void> {
    await this.storage.commit([
      { op: 'delete', key: this.keys.regroup(id) },
      { op: 'sorted-remove', key: this.keys.pending, member: id },
    ]);
  }

  async payloads(itemKeys: readonly string[]): Promise<unknown[]> {
    return this.storage.getValues(itemKeys.map((key) => this.keys.payload(key)));
  }
}
