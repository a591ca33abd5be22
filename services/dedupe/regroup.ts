import type { ClusterItem } from './event-clustering.ts';
import type { PairScoreCache } from './event-clustering.ts';
import { clusterEvents, isBoundBy, linkOf, pairScores } from './event-clustering.ts';
import type { Fingerprint, ItemRef } from './fingerprint.ts';
import { hash128Hex } from './hashing.ts';
import { estimateJaccard } from './minhash.ts';
import type { DuplicateKind, EventTuning } from './match-policy.ts';
import { fromOneProvider, isOneEvent, MATCH_POLICY, SHIPPED_TUNING, thresholdFor } from './match-policy.ts';
import type { StoryAtHand } from './similarity.ts';
import { isTemplateForTwoSubjects, scoreStories } from './similarity.ts';
import { addToStoryProfile, emptyStoryProfile } from './story-profile.ts';
import type { TermStatistics } from './term-statistics.ts';

/** An item of a story in the neighbourhood being regrouped, as the index holds it. */
export interface StoryMember extends ClusterItem {
  /** the index's item key */
  key: string;
  storyId: string;
  fingerprint: Fingerprint;
  /** an earlier regrouping moved it: it does not move again, and its story does not merge away */
  settled?: boolean;
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
  /** set when the item duplicates another and follows it: it stays a duplicate of that item in its new story */
  duplicateOf?: { item: ItemRef; kind: DuplicateKind };
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

/** The stories a regrouping moves items from or to, or merges: looked at again only by the regrouping itself. */
export function storiesTouchedBy(regrouping: Regrouping): Set<string> {
  return new Set([...regrouping.moves.flatMap((move) => [move.from, move.to]), ...regrouping.merges.flatMap((merge) => [merge.storyId, merge.into])]);
}

export function isEmptyRegrouping(regrouping: Regrouping): boolean {
  return regrouping.moves.length === 0 && regrouping.merges.length === 0;
}

/**
 * Re-clusters the items of a neighbourhood of stories (those an incoming item was compared with)
 * and says which items should move. The router routes each item as it arrives; an early decision
 * is taken on little evidence (a story of one or two items), and later copy may show that two
 * events of one kind were joined, or one event split. Rules:
 * - each story is anchored in the cluster of the item that opened it (or, when that item has left
 *   the window, the cluster holding most of its items), and never loses that item;
 * - a cluster's story is the oldest story anchored in it; a younger story anchored there merges into
 *   it when its opening item is itself bound to the older story's items (see `isBoundBy`);
 * - an item whose cluster's story is not its own moves there when its story merges away, when it is
 *   no longer bound to the rest of its story, or when it fits its cluster better by `MOVE_MARGIN`;
 * - items of a cluster no story is anchored in that move open a new story, opened by the earliest;
 * - an item a regrouping moved stays where it went, and a story that received one never merges away:
 *   every regrouping is two story events and public updates, so copy must never shuffle back and forth.
 * Pure and deterministic: the same neighbourhood always yields the same regrouping.
 */
export function planRegrouping(
  members: readonly StoryMember[],
  stories: readonly NeighbourStory[],
  options: { stats?: TermStatistics; tuning?: EventTuning; cache?: PairScoreCache; generation?: number } = {},
): Regrouping {
  if (members.length < 2) return NO_REGROUPING;
  const tuning = options.tuning ?? SHIPPED_TUNING;
  // One provider's neighbourhood is held to the threshold for its texts; a mixed one to the threshold for two providers' reports.
  const threshold = thresholdFor(oneProvider(members), tuning.threshold);
  const scores = pairScores(members, options.stats, options.cache, tuning.weights);
  const clusters = clusterEvents(scores, threshold);
  const clusterOf = new Map<number, number>();
  clusters.forEach((list, c) => list.forEach((i) => clusterOf.set(i, c)));
  const owners = new Map<number, NeighbourStory[]>();
  for (const story of stories) {
    const anchor = anchorCluster(story, members, clusterOf);
    if (anchor !== undefined) owners.set(anchor, [...(owners.get(anchor) ?? []), story]);
  }
  for (const list of owners.values()) list.sort((a, b) => a.openedAt - b.openedAt || compare(a.storyId, b.storyId));

  const holdsSettled = new Set(members.flatMap((m) => (m.settled ? [m.storyId] : [])));
  // One provider's two stories are its two events unless, as stories, they pass the router's rule for one provider's texts.
  const mayMerge = (storyId: string, into: string): boolean => {
    const [own, target] = [members.filter((m) => m.storyId === storyId), members.filter((m) => m.storyId === into)];
    if (!oneProvider([...own, ...target])) return true;
    return isOneEvent(scoreStories(atHand(own, options.stats), atHand(target, options.stats)), true, tuning);
  };
  const merges: StoryMerge[] = [];
  clusters.forEach((list, c) => {
    const [target, ...younger] = owners.get(c) ?? [];
    if (!target) return;
    const targetItems = list.filter((j) => members[j]!.storyId === target.storyId);
    for (const story of younger) {
      if (holdsSettled.has(story.storyId)) continue;
      const opener = list.find((j) => members[j]!.storyId === story.storyId && members[j]!.key === story.opener);
      if (opener !== undefined && targetItems.length > 0 && isBoundBy(linkOf(scores, opener, targetItems), threshold) && mayMerge(story.storyId, target.storyId)) {
        merges.push({ storyId: story.storyId, into: target.storyId });
      }
    }
  });
  const mergedAway = new Set(merges.map((m) => m.storyId));
  const openers = new Set(stories.map((story) => `${story.storyId}\u0000${story.opener}`));
  const shouldMove = (i: number, peers: readonly number[]): boolean => {
    const member = members[i]!;
    if (mergedAway.has(member.storyId)) return true;
    if (member.settled) return false;
    if (openers.has(`${member.storyId}\u0000${member.key}`)) return false;
    const own = linkOf(scores, i, members.flatMap((m, j) => (j !== i && m.storyId === member.storyId ? [j] : [])));
    if (!isBoundBy(own, threshold)) return true;
    return linkOf(scores, i, peers).mean >= own.mean + MOVE_MARGIN;
  };

  const opened: NeighbourStory[] = [];
  const moves: ItemMove[] = [];
  clusters.forEach((list, c) => {
    const owner = owners.get(c)?.[0]?.storyId;
    const movers = list.filter((i) => members[i]!.storyId !== owner && shouldMove(i, list.filter((j) => j !== i)));
    if (movers.length === 0) return;
    let target = owner;
    let opener: number | undefined;
    if (target === undefined) {
      opener = [...movers].sort((a, b) => members[a]!.fingerprint.versionCreated - members[b]!.fingerprint.versionCreated || compare(members[a]!.key, members[b]!.key))[0]!;
      target = splitStoryId(members[opener]!, options.generation ?? 0);
      opened.push({ storyId: target, opener: members[opener]!.key, openedAt: members[opener]!.fingerprint.versionCreated });
    }
    // Where the cluster is going: its owner's items and the movers, not those staying behind.
    const arriving = new Set([...list.filter((j) => members[j]!.storyId === target), ...movers]);
    for (const i of movers) {
      const peers = [...arriving].filter((j) => j !== i);
      const closest = [...peers].sort((a, b) => scores[i]![b]! - scores[i]![a]! || a - b)[0];
      const member = members[i]!;
      moves.push({
        key: member.key,
        item: member.fingerprint.item,
        from: member.storyId,
        to: target,
        opens: i === opener,
        score: peers.length === 0 ? 0 : round(linkOf(scores, i, peers).mean),
        ...(closest === undefined ? {} : { closest: members[closest]!.fingerprint.item }),
      });
    }
  });
  const kept = keepingWholeEvents(members, moves, opened, options.stats, tuning);
  const together = keepCopiesTogether(members, kept, (i) => mergedAway.has(members[i]!.storyId) || (!members[i]!.settled && !openers.has(`${members[i]!.storyId}\u0000${members[i]!.key}`)));
  // A new story is opened by the earliest item that still goes there.
  const created: NeighbourStory[] = [];
  const byKey = new Map(members.map((m) => [m.key, m]));
  const final = together.map((move) => ({ ...move, opens: false }));
  for (const story of opened) {
    const arriving = final.filter((m) => m.to === story.storyId);
    const first = arriving.sort((a, b) => byKey.get(a.key)!.fingerprint.versionCreated - byKey.get(b.key)!.fingerprint.versionCreated || compare(a.key, b.key))[0];
    if (!first) continue;
    first.opens = true;
    created.push({ storyId: story.storyId, opener: first.key, openedAt: byKey.get(first.key)!.fingerprint.versionCreated });
  }
  final.sort((a, b) => Number(b.opens) - Number(a.opens));
  return { moves: final, merges, opened: created };
}

/**
 * Pair scores split a story when its reports fall into groups that share little pair by pair, but two
 * reports of one event often share little with each other and much with their story: a group that,
 * as a story, still reports one event with what it would leave behind (`isOneEvent` at the threshold,
 * profile against profile; one provider's parts held to the rule for its texts) stays. Only splits are
 * weighed so: moves into an existing story are the clustering's to decide.
 */
function keepingWholeEvents(members: readonly StoryMember[], moves: readonly ItemMove[], opened: readonly NeighbourStory[], stats: TermStatistics | undefined, tuning: EventTuning): ItemMove[] {
  const opening = new Set(opened.map((story) => story.storyId));
  const moving = new Set(moves.map((move) => move.key));
  const stay = new Set<string>();
  const splits = new Map<string, ItemMove[]>();
  for (const move of moves) {
    if (!opening.has(move.to)) continue;
    const key = `${move.from}\u0000${move.to}`;
    const group = splits.get(key);
    if (group) group.push(move);
    else splits.set(key, [move]);
  }
  const byKey = new Map(members.map((member) => [member.key, member]));
  for (const group of splits.values()) {
    const leaving = group.map((move) => byKey.get(move.key)!);
    const rest = members.filter((member) => member.storyId === group[0]!.from && !moving.has(member.key));
    if (rest.length === 0) continue;
    if (isOneEvent(scoreStories(atHand(leaving, stats), atHand(rest, stats)), oneProvider([...leaving, ...rest]), tuning)) for (const move of group) stay.add(move.key);
  }
  return moves.filter((move) => !stay.has(move.key));
}

function oneProvider(members: readonly StoryMember[]): boolean {
  return fromOneProvider(members.map((m) => m.fingerprint));
}

function atHand(members: readonly StoryMember[], stats: TermStatistics | undefined): StoryAtHand {
  const profile = members.reduce((sum, member) => addToStoryProfile(sum, member.fingerprint, stats, member.vectors), emptyStoryProfile(''));
  return { profile, members: members.map((member) => member.fingerprint) };
}

/**
 * Copies of one text (an edited re-send, a write-thru that keeps most of the copy) share one fate:
 * each group of items that share at least `SAME_COPY_JACCARD` of their word shingles (and do not name
 * two companies by symbol, none in common) goes where its
 * earliest item goes, or stays where it stays; an item whose story merges away moves all the same,
 * and the item that opened a story stays with it.
 */
function keepCopiesTogether(members: readonly StoryMember[], moves: readonly ItemMove[], mayLeave: (i: number) => boolean): ItemMove[] {
  const root = members.map((_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : (root[i] = find(root[i]!)));
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const [a, b] = [members[i]!.fingerprint, members[j]!.fingerprint];
      if (a.shingleCount > 0 && b.shingleCount > 0 && estimateJaccard(a.minhash, b.minhash) >= SAME_COPY_JACCARD && !isTemplateForTwoSubjects(a, b)) root[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  members.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  const moveOf = new Map(moves.map((m) => [m.key, m]));
  const result: ItemMove[] = [];
  for (const group of groups.values()) {
    const lead = [...group].sort((a, b) => members[a]!.fingerprint.versionCreated - members[b]!.fingerprint.versionCreated || compare(members[a]!.key, members[b]!.key))[0]!;
    const leadMove = moveOf.get(members[lead]!.key);
    const destination = leadMove?.to ?? members[lead]!.storyId;
    for (const i of group) {
      const member = members[i]!;
      if (member.storyId === destination || !mayLeave(i)) continue;
      const own = moveOf.get(member.key);
      if (own?.to === destination) result.push(own);
      else if (i !== lead) result.push({ key: member.key, item: member.fingerprint.item, from: member.storyId, to: destination, opens: false, score: leadMove?.score ?? 0, closest: members[lead]!.fingerprint.item });
    }
  }
  return result;
}

/** Shingle overlap at which two texts are copies of one another (the edited re-send rule). */
const SAME_COPY_JACCARD = MATCH_POLICY.sharedCopyJaccard;

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
 * A story split off another one is named by its opener, the story it left and the index's regrouping
 * count: never the id the opener would have opened itself, nor one an earlier split used (that story
 * may have been merged away since).
 */
export function splitStoryId(member: Pick<StoryMember, 'fingerprint' | 'storyId'>, generation: number): string {
  const { providerId, providerItemId } = member.fingerprint.item;
  return `st-${hash128Hex(`${providerId}\u0000${providerItemId}\u0000split-from\u0000${member.storyId}\u0000${generation}`).slice(0, 24)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
