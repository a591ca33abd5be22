import type { AddOptions, CandidateLookup } from './candidate-index.ts';
import type { DedupeIndex } from './dedupe-index.ts';
import type { DedupeArticle, Fingerprint, ItemRef } from './fingerprint.ts';
import { fingerprintArticle } from './fingerprint.ts';
import { hash128Hex } from './hashing.ts';
import { itemKeyOf } from './item-key.ts';
import type { DedupeDecision, EventTuning } from './match-policy.ts';
import { classify } from './match-policy.ts';
import type { PairScoreCache } from './event-clustering.ts';
import { GROWN_STORY_ITEMS, lonesJoining } from './lone-stories.ts';
import type { ItemMove, Regrouping, StoryMerge } from './regroup.ts';
import { isEmptyRegrouping, planRegrouping } from './regroup.ts';
import type { PendingRegrouping } from './regrouping-store.ts';
import { storiesJoining } from './story-merges.ts';
import { addToStoryProfile } from './story-profile.ts';

export interface Route {
  /** the story the article belongs to: an existing one, or the one it opens */
  storyId: string;
  decision: DedupeDecision;
}

export interface RoutedArticle extends Route {
  fingerprint: Fingerprint;
  /** what the article's arrival moved among the stories around it, pending until the caller acknowledges it */
  regrouping: PendingRegrouping | null;
}

/** Derived from the first item of a story, so a replay or a redelivery opens the same story. */
export function storyIdFor(item: Pick<ItemRef, 'providerId' | 'providerItemId'>): string {
  return `st-${hash128Hex(`${item.providerId}\u0000${item.providerItemId}`).slice(0, 24)}`;
}

/** The pure routing step: a fingerprint and what the index returned for it → the decision. */
export function routeFingerprint(fp: Fingerprint, lookup: CandidateLookup, tuning?: EventTuning): Route {
  const decision = classify(fp, lookup.candidates, { stats: lookup.stats, stories: lookup.stories, ...(tuning ? { tuning } : {}) });
  switch (decision.kind) {
    case 'new-story':
      return { storyId: storyIdFor(fp.item), decision };
    case 'same-item':
    case 'exact-duplicate':
    case 'near-duplicate':
    case 'same-event':
      return { storyId: decision.storyId, decision };
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}

/**
 * Fingerprint → lookup → classify → index → regroup. The production router and the evaluation both
 * call this, so the evaluation measures the production logic. Items are indexed whatever the
 * decision: an exact duplicate's item id must still find its story when the provider later updates
 * it. When the copy joins a story as a report of its event (a same-event join), the story and
 * those around it are re-clustered with it: later copy may show that earlier decisions joined
 * two events or split one, and a lone report around it may now join the story it grew
 * (`lone-stories.ts`). The article itself goes straight to where the regrouping put it; the
 * other moves come back as a pending regrouping for the caller to carry out.
 */
export interface RoutingOptions {
  /** pair scores kept between calls; a long-running router passes one so that regroupings stay cheap */
  pairScores?: PairScoreCache;
  /** false: route only, never regroup (default true) */
  regroup?: boolean;
  /**
   * When the copy reached us (epoch ms): the index's clock never runs ahead of it by more than
   * `FUTURE_ALLOWANCE_MS`, whatever date the copy claims. Absent (a replay of dated copy), the copy's own date stands.
   */
  receivedAt?: number;
  /** the threshold and weights, when not the shipped ones (the evaluation fits them on some topics and scores others); give `pairScores` a cache of its own per tuning */
  tuning?: EventTuning;
  /**
   * The submission being routed: its routing is recorded in the commit that indexes it, and a second
   * routing of it (a retried handler, a redelivery) replays that instead of deciding again, when the
   * index would find the item's own mapping and take it for the same item.
   */
  submissionId?: string;
  /** the article's fingerprint, when the caller made it already (the router, before it takes its lock) */
  fingerprint?: Fingerprint;
}

/**
 * How far past its reception copy may be dated and still be taken at its word, as Kafka bounds a
 * record's timestamp (`message.timestamp.after.max.ms`): clocks drift, and the index evicts by the
 * newest time it has seen, so one item dated 2100 would otherwise empty the window for everyone.
 */
export const FUTURE_ALLOWANCE_MS = 3_600_000;

/** The fingerprint with its time clamped to the reception time plus the allowance. */
export function clampToReception(fp: Fingerprint, receivedAt: number | undefined): Fingerprint {
  if (receivedAt === undefined || fp.versionCreated <= receivedAt + FUTURE_ALLOWANCE_MS) return fp;
  return { ...fp, versionCreated: receivedAt + FUTURE_ALLOWANCE_MS };
}

export async function routeArticle(article: DedupeArticle, index: DedupeIndex, options: RoutingOptions = {}): Promise<RoutedArticle> {
  return regroupAround(await placeArticle(article, index, options), index, options);
}

/** An article filed in the index, before the stories around it are regrouped. */
export interface PlacedArticle extends Route {
  fingerprint: Fingerprint;
  /** what the lookup found; null when the routing replayed an earlier one (nothing is regrouped again) */
  lookup: CandidateLookup | null;
}

/**
 * The first step of a routing, one index commit: lookup, classify, add (or the replay of a routing
 * recorded before). A router that routes optimistically retries it whole when the commit finds that
 * another router wrote what it read.
 */
export async function placeArticle(article: DedupeArticle, index: DedupeIndex, options: RoutingOptions = {}): Promise<PlacedArticle> {
  const fingerprint = clampToReception(options.fingerprint ?? fingerprintArticle(article), options.receivedAt);
  const { submissionId } = options;
  const replayed = submissionId === undefined ? null : await index.candidates.routedBefore(submissionId);
  // What a crash left pending of its regrouping is carried out by the caller's sweep, not here.
  if (replayed) return { ...replayed, fingerprint, lookup: null };
  const lookup = await index.candidates.lookup(fingerprint);
  const route = routeFingerprint(fingerprint, lookup, options.tuning);
  await index.candidates.add(route.storyId, fingerprint, { article, ...duplicated(route.decision), ...recorded(submissionId, route) });
  return { ...route, fingerprint, lookup };
}

/**
 * The second step, one index commit at most: after a same-event join, the article's story and those
 * of its candidates are re-clustered. Reads only what it needs afresh, so that it can be retried on
 * its own once the article is filed.
 */
export async function regroupAround(placed: PlacedArticle, index: DedupeIndex, options: RoutingOptions = {}): Promise<RoutedArticle> {
  const { fingerprint, lookup, ...route } = placed;
  if (!lookup || !regroupsAround(placed, options)) return { ...route, fingerprint, regrouping: null };

  const around = [...new Set([route.storyId, ...lookup.candidates.map((c) => c.storyId)])];
  const neighbourhood = await index.regroupings.neighbourhood(around);
  const tuning = options.tuning ? { tuning: options.tuning } : {};
  const clustered = planRegrouping(neighbourhood.members, neighbourhood.stories, { stats: lookup.stats, cache: options.pairScores, generation: neighbourhood.generation, ...tuning });
  const ownKey = itemKeyOf(fingerprint.item.providerId, fingerprint.item.providerItemId);
  const joining = await storiesAround(route.storyId, ownKey, fingerprint, lookup, clustered, index, tuning);
  const plan = { ...clustered, merges: [...clustered.merges, ...joining] };
  if (isEmptyRegrouping(plan)) return { ...route, fingerprint, regrouping: null };
  const own = plan.moves.find((move) => move.key === ownKey);
  const final = own ? movedRoute(own) : route;
  const regrouping = await index.regroupings.applyRegrouping(plan, { carriedOutByCaller: [ownKey], ...(own ? recorded(options.submissionId, final) : {}) });
  return { ...final, fingerprint, regrouping };
}

/**
 * The stories around the newcomer that its join lets in, when the newcomer stays in the story it joined
 * and that story does not merge away (the lookup's profile of it is then the story's): lone reports that
 * now join the grown story (`lonesJoining`), and stories of several reports that, as a whole, report its
 * event (`storiesJoining`).
 */
async function storiesAround(storyId: string, ownKey: string, fingerprint: Fingerprint, lookup: CandidateLookup, plan: Regrouping, index: DedupeIndex, tuning: { tuning?: EventTuning }): Promise<StoryMerge[]> {
  const profile = lookup.stories.find((story) => story.storyId === storyId);
  if (!profile || plan.moves.some((move) => move.key === ownKey || move.from === storyId) || plan.merges.some((merge) => merge.storyId === storyId)) return [];
  const others = lookup.stories.filter((story) => story.storyId !== storyId);
  const loneIds = others.filter((story) => story.members === 1).map((story) => story.storyId);
  const severalIds = others.filter((story) => story.members > 1).map((story) => story.storyId);
  if (loneIds.length === 0 && severalIds.length === 0) return [];
  const grown = {
    storyId,
    profile: addToStoryProfile(profile, fingerprint, lookup.stats),
    candidates: [...lookup.candidates.filter((c) => c.storyId === storyId), { storyId, fingerprint }],
  };
  const [lonesNear, severalNear] = await Promise.all([
    loneIds.length > 0 && grown.profile.members >= GROWN_STORY_ITEMS ? index.regroupings.neighbourhood(loneIds) : null,
    severalIds.length > 0 ? index.regroupings.neighbourhood(severalIds) : null,
  ]);
  const lones = lonesNear ? lonesJoining(grown, lonesNear, plan, { joinedAt: fingerprint.versionCreated, stats: lookup.stats, ...tuning }) : [];
  const planned = { ...plan, merges: [...plan.merges, ...lones] };
  const several = severalNear ? storiesJoining(grown, severalNear, lookup.stories, planned, tuning) : [];
  return [...lones, ...several];
}

/** Whether `regroupAround` has anything to do: only a join changes what a story holds; copy that opens a story of its own, or a replay, leaves the others as they were. */
export function regroupsAround(placed: PlacedArticle, options: Pick<RoutingOptions, 'regroup'> = {}): boolean {
  return placed.lookup !== null && options.regroup !== false && placed.decision.kind === 'same-event';
}

function recorded(submissionId: string | undefined, route: Route): Pick<AddOptions, 'routed'> {
  return submissionId === undefined ? {} : { routed: { submissionId, route } };
}

function duplicated(decision: DedupeDecision): Pick<AddOptions, 'duplicateOf'> {
  if (decision.kind !== 'exact-duplicate' && decision.kind !== 'near-duplicate') return {};
  return { duplicateOf: { key: itemKeyOf(decision.of.providerId, decision.of.providerItemId), kind: decision.kind } };
}

/** Where a regrouping sends a moved item, as a routing decision. */
export function movedRoute(move: ItemMove): Route {
  if (move.duplicateOf?.kind === 'exact-duplicate') return { storyId: move.to, decision: { kind: 'exact-duplicate', storyId: move.to, of: move.duplicateOf.item } };
  const evidence = { signals: [{ name: 'regrouped' as const, score: move.score }], total: move.score };
  if (move.duplicateOf?.kind === 'near-duplicate') return { storyId: move.to, decision: { kind: 'near-duplicate', storyId: move.to, of: move.duplicateOf.item, evidence } };
  if (move.opens || !move.closest) return { storyId: move.to, decision: { kind: 'new-story' } };
  return { storyId: move.to, decision: { kind: 'same-event', storyId: move.to, of: move.closest, evidence } };
}
