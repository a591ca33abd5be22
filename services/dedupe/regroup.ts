import type { ClusterItem } from './event-clustering.ts';
import type { PairScoreCache } from './event-clustering.ts';
import { clusterEvents, isBoundBy, linkOf, pairScores } from './event-clustering.ts';
import type { Fingerprint, ItemRef } from './fingerprint.ts';
import { hash128Hex } from './hashing.ts';
import { MATCH_POLICY } from './match-policy.ts';
import type { TermStatistics } from './similarity.ts';

/** An item of a story in the neighbourhood being regrouped, as the index holds it. */
export interface StoryMember extends ClusterItem {
  /** the index's item key */
  key: string;
  storyId: string;
  fingerprint: Fingerprint;
}

/** A story of the neighbourhood: the item that opened it anchors it, so a story never loses its own item. */
export interface NeighbourStory {
  storyId: string;
  /** item key of the item that opened the story; null when unknown (the index predates it) */
  opener: string | null;
  /** event time the story was opened at; the older of two merged stories carries on */
  openedAt: number;
}

export interface ItemMove {
  key: string;
  item: ItemRef;
  from: string;
  to: string;
  /** the item opens `to`, a story the regrouping creates */
  opens: boolean;
  /** the item's mean pair score with the other items of its new story (0 when it is alone there) */
  score: number;
  /** the item of its new story it is closest to, absent when it is alone there */
  closest?: ItemRef;
}

export interface StoryMerge {
  storyId: string;
  into: string;
}

export interface Regrouping {
  /** openers of new stories first, so that a new story opens before others join it */
  moves: ItemMove[];
  merges: StoryMerge[];
  /** stories the regrouping opens, with their opener */
  opened: NeighbourStory[];
}

/** how much better an item must fit another story to move there: regroupings must not shuffle copy back and forth */
const MOVE_MARGIN = 0.1;

export const NO_REGROUPING: Regrouping = { moves: [], merges: [], opened: [] };

export function isEmptyRegrouping(regrouping: Regrouping): boolean {
  return regrouping.moves.length === 0 && regrouping.merges.length === 0;
}

/**
 * Re-clusters the items of a neighbourhood of stories (those an incoming item was compared with)
 * and says which items should move. The router routes each item as it arrives; an early decision
 * is taken on little evidence (a story of one or two items), and later copy may show that two
 * events of one kind were joined, or one event split. Rules:
 * - each story is anchored in the cluster of the item that opened it (or, when that item has left
 *   the window, the cluster holding most of its items);
 * - a cluster's story is the oldest story anchored in it; other stories anchored there merge into it;
 * - a cluster no story is anchored in opens a new story, opened by its earliest item;
 * - every item whose cluster's story is not its own moves.
 * Pure and deterministic: the same neighbourhood always yields the same regrouping.
 */
export function planRegrouping(
  members: readonly StoryMember[],
  stories: readonly NeighbourStory[],
  options: { stats?: TermStatistics; threshold?: number; cache?: PairScoreCache } = {},
): Regrouping {
  if (members.length < 2) return NO_REGROUPING;
  const threshold = options.threshold ?? MATCH_POLICY.sameEventTotal;
  const scores = pairScores(members, options.stats, options.cache);
  const clusters = clusterEvents(scores, threshold);
  const clusterOf = new Map<number, number>();
  clusters.forEach((list, c) => list.forEach((i) => clusterOf.set(i, c)));

  const anchored = new Map<number, NeighbourStory[]>();
  for (const story of stories) {
    const anchor = anchorCluster(story, members, clusterOf);
    if (anchor !== undefined) anchored.set(anchor, [...(anchored.get(anchor) ?? []), story]);
  }

  const merges: StoryMerge[] = [];
  const opened: NeighbourStory[] = [];
  const moves: ItemMove[] = [];
  const mergedAway = new Set<string>();
  // An item moves when its story goes (merged), when it is no longer bound to the rest of its story, or when it fits elsewhere clearly better.
  const shouldMove = (i: number, peers: readonly number[]): boolean => {
    const member = members[i]!;
    if (mergedAway.has(member.storyId)) return true;
    const own = linkOf(scores, i, members.flatMap((m, j) => (j !== i && m.storyId === member.storyId ? [j] : [])));
    if (!isBoundBy(own, threshold)) return true;
    return linkOf(scores, i, peers).mean >= own.mean + MOVE_MARGIN;
  };
  clusters.forEach((list, c) => {
    const owners = [...(anchored.get(c) ?? [])].sort((a, b) => a.openedAt - b.openedAt || compare(a.storyId, b.storyId));
    for (const other of owners.slice(1)) mergedAway.add(other.storyId);
  });
  clusters.forEach((list, c) => {
    const owners = [...(anchored.get(c) ?? [])].sort((a, b) => a.openedAt - b.openedAt || compare(a.storyId, b.storyId));
    let target = owners[0]?.storyId;
    let opener: number | undefined;
    if (target === undefined) {
      opener = [...list].sort((a, b) => members[a]!.fingerprint.versionCreated - members[b]!.fingerprint.versionCreated || compare(members[a]!.key, members[b]!.key))[0]!;
      target = splitStoryId(members[opener]!);
      opened.push({ storyId: target, opener: members[opener]!.key, openedAt: members[opener]!.fingerprint.versionCreated });
    }
    for (const other of owners.slice(1)) merges.push({ storyId: other.storyId, into: target });
    for (const i of list) {
      const member = members[i]!;
      if (member.storyId === target) continue;
      const peers = list.filter((j) => j !== i);
      if (!shouldMove(i, peers)) continue;
      const closest = peers.sort((a, b) => scores[i]![b]! - scores[i]![a]! || a - b)[0];
      moves.push({
        key: member.key,
        item: member.fingerprint.item,
        from: member.storyId,
        to: target,
        opens: i === opener,
        score: peers.length === 0 ? 0 : round(peers.reduce((sum, j) => sum + scores[i]![j]!, 0) / peers.length),
        ...(closest === undefined ? {} : { closest: members[closest]!.fingerprint.item }),
      });
    }
  });
  moves.sort((a, b) => Number(b.opens) - Number(a.opens));
  return { moves, merges, opened };
}

function anchorCluster(story: NeighbourStory, members: readonly StoryMember[], clusterOf: ReadonlyMap<number, number>): number | undefined {
  const opener = members.findIndex((m) => m.key === story.opener && m.storyId === story.storyId);
  if (opener >= 0) return clusterOf.get(opener);
  const counts = new Map<number, number>();
  members.forEach((m, i) => {
    if (m.storyId === story.storyId) counts.set(clusterOf.get(i)!, (counts.get(clusterOf.get(i)!) ?? 0) + 1);
  });
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/**
 * A story split off another one is named by its opener and the story it left: never the id the
 * opener would have opened itself (that story may exist, or have been merged away).
 */
export function splitStoryId(member: Pick<StoryMember, 'fingerprint' | 'storyId'>): string {
  const { providerId, providerItemId } = member.fingerprint.item;
  return `st-${hash128Hex(`${providerId}\u0000${providerItemId}\u0000split-from\u0000${member.storyId}`).slice(0, 24)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
