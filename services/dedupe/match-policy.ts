import type { Fingerprint, ItemRef } from './fingerprint.ts';
import type { Signal, SignalName, SignalScores } from './similarity.ts';
import { contentSimilarity, isTemplateForTwoSubjects, scoreCandidate, scoreFigures, scoreStory, scoreTextOverlap, signalScore, subjectAgreement } from './similarity.ts';
import type { ItemVectors } from './item-vectors.ts';
import { itemVectors } from './item-vectors.ts';
import type { StoryProfile } from './story-profile.ts';
import { storyProfileOf } from './story-profile.ts';
import type { TermStatistics } from './term-statistics.ts';

export interface Candidate {
  storyId: string;
  fingerprint: Fingerprint;
  /** its vectors as indexed, weighted with the statistics of the moment it joined; else weighted with the lookup's */
  vectors?: ItemVectors;
}

export interface Evidence {
  signals: Signal[];
  total: number;
}

export type DedupeDecision =
  | { kind: 'same-item'; storyId: string }
  | { kind: 'exact-duplicate'; storyId: string; of: ItemRef }
  | { kind: 'near-duplicate'; storyId: string; of: ItemRef; evidence: Evidence }
  | { kind: 'same-event'; storyId: string; of: ItemRef; evidence: Evidence }
  | { kind: 'new-story' };

export type DecisionKind = DedupeDecision['kind'];

/** The decisions that suppress copy as a repeat of another item. */
export type DuplicateKind = Extract<DecisionKind, 'exact-duplicate' | 'near-duplicate'>;

export interface ClassifyContext {
  stats?: TermStatistics;
  /** profiles of the candidates' stories; a story without one is profiled from its candidates */
  stories?: readonly StoryProfile[];
  /** the threshold and weights, when not the shipped ones (the evaluation fits them across topics); one provider's texts never below `oneProviderTotal` */
  tuning?: EventTuning;
  /** the item's vectors as indexed, when it is an indexed item judged again (weighted with the statistics of its own lookup) */
  vectors?: ItemVectors;
}

/**
 * Thresholds. Near-duplicate (item against item, a re-send): the same text give or take edits, sent
 * within a day — at least half the word 3-shingles shared. The MinHash estimate has a standard error
 * of about 0.044 at J = 0.5, so 0.6 keeps texts whose true Jaccard is under 0.5 out with ~99%
 * confidence; lower overlaps still join their story as events. One text nearly contained in the other
 * (a write-thru that adds paragraphs, a cut) is the same story in new copy: a same-event join. Both
 * need the figures to agree, since templated copy (earnings, dividends, bond issues) shares its
 * wording but not its numbers. Same event (item against a story's profile): the weighted mean, over
 * the signals both sides have, of the IDF-weighted cosine of content words (lead words count double)
 * and of capitalised names, of the agreement of the dates, and of the figures and years stated by
 * the story's members at hand, of the quantities they state (magnitude=5.6), of the weekdays their
 * leads name and of the months they name. Dates, figures and days tell apart two events of one
 * kind (two quakes on one island, two elections) whose copy shares its wording; they weigh less than
 * the words because follow-ups add figures and dates of their own. 0.3 is where, on ECB+, merging two different events
 * of one kind starts to cost more than splitting one event in two (flat from 0.28 to 0.32).
 */
export const MATCH_POLICY = {
  nearDuplicateJaccard: 0.6,
  nearDuplicateContainment: 0.85,
  minShinglesForContainment: 20,
  nearDuplicateMinNumbers: 0.5,
  /**
   * Half the shingles shared, sent within the same window as re-sends: one story's copy, edited more
   * than a re-send. The estimate is taken two standard errors (2 × 0.044) under 0.5 so that copy whose
   * true overlap is 0.5 is not left to the event rules, which ask for an anchor copies do not need.
   */
  sharedCopyJaccard: 0.41,
  /** from this estimate on, shared copy is a copy whatever its headlines name (see `isSharedCopy`) */
  sharedCopySubjectsFrom: 0.5,
  /** a re-send follows its original within hours; the same text days later is a follow-up, judged as an event */
  nearDuplicateMaxApartMs: 86_400_000,
  /**
   * The same-event threshold for two providers' reports of one event, fitted across ECB+ topic folds
   * (`storyline eval dedupe --ecbplus`: every fold picks 0.30 of 0.30–0.45).
   */
  sameEventTotal: 0.3,
  /**
   * One provider's two texts (every member at hand from the item's provider): the wire's choice. On
   * Reuters-21578 (one provider) 0.30 joined plainly unrelated copy (New York business loans into New
   * Zealand's reserves) and 0.322 of its stand-alone items, against 0.292 at 0.35.
   */
  oneProviderTotal: 0.35,
  /** what a follow-up (sent more than a day after the item it matched) must share of what happened, beyond the names */
  followUpHappening: 0.3,
  /**
   * One provider's recurring report on another calendar day: its wording repeated (`happening` at least
   * this) with other figures (`numbers` under this) is the template's next issue, not the event again.
   * Chosen by reading the Reuters-21578 joins it parts (`nextIssueParted` in
   * services/eval/dedupe/judged-joins.json): at 0.7, 18 of 19 were wrong; between 0.6 and 0.7, 3 of 5 right.
   */
  nextIssue: { happening: 0.7, numbers: 0.3 },
  /**
   * What identifies an event (who, what, how many) is weighed; time (dates, years, weekdays, months)
   * only gates: agreeing in time makes a join possible, never makes it, since on a live wire everything
   * published the same day agrees in time. A time signal at score s scales the total by 1 − w·(1 − s).
   */
  weights: { content: 0.5, entities: 0.5, numbers: 0.2, quantities: 0.4 } satisfies Partial<Record<SignalName, number>>,
  timeGates: { 'event-date': 0.5, years: 0.3, weekday: 0.3, months: 0.3 } satisfies Partial<Record<SignalName, number>>,
  /**
   * The anchor: a same-event join needs who and what. Who: shared names (actors, companies, places;
   * the IDF-weighted cosine of capitalised names and exchange symbols at least `anchorEntities`). What:
   * shared content words beyond those names (`happening` at least `anchorHappening`), since two items
   * about one company or country share its name whatever happened. Without names, only content shared
   * as strongly as a rewrite of one text shares it (`unanchoredContent`). Templated copy (earnings,
   * dividends, ratings, offerings) naming two different companies by symbol is never one event.
   * Another provider's report needs half the share of what happened (see `isAnchored`).
   * Chosen on the first 4,000 Reuters-21578 items (first half of its timeline) against ECB+ joins
   * routed without them, the halving across providers by cross-validation over ECB+ topics; see
   * services/dedupe/README.md.
   */
  joinAnchor: { entities: 0.3, happening: 0.2, unanchoredContent: 0.7 },
  /**
   * Regrouping compares items pair by pair, where two reports of one event share fewer names and
   * words than a report shares with its whole story: shared names alone anchor a pair.
   */
  pairAnchor: { entities: 0.2, happening: 0, unanchoredContent: 0.6 },
  /**
   * Copy in another language than the item it matches shares no words with it, so neither what happened
   * nor the headline's names can be compared: only the identities its names carry (the lexicon's people
   * and bodies, countries), the dateline city and the day. One event across languages is the same city,
   * the same day (give or take one), and at least two of the same actors making up at least half of
   * those either side names (the name cosine would count every untranslated capitalised word against it).
   */
  crossLanguage: { sharedIdentities: 2, identityShare: 0.5, maxDaysApart: 1 },
  /**
   * Two stories of several reports each (`story-merges.ts`) merge on the same-event rule at this margin
   * above the threshold (a story's sum of reports shares more than one report does, with either story),
   * and only when the years their reports state agree at least this much.
   */
  storyMerge: { margin: 0.1, minYears: 0.1 },
} as const;

/** The identity signals' weights in the same-event mean (see `MATCH_POLICY.weights`). */
export type IdentityWeights = Readonly<Partial<Record<SignalName, number>>>;

/**
 * What cross-validation fits (`storyline eval dedupe --ecbplus`): the same-event threshold for two
 * providers' reports and the weights of the identity signals. The router runs `SHIPPED_TUNING`; the
 * rest of the policy (anchor, vetoes, time gates) is the same whatever the tuning.
 */
export interface EventTuning {
  threshold: number;
  weights: IdentityWeights;
}

export const SHIPPED_TUNING: EventTuning = { threshold: MATCH_POLICY.sameEventTotal, weights: MATCH_POLICY.weights };

/** What a same-event join must share: names and what happened, or content as a rewrite shares it. */
export interface Anchor {
  entities: number;
  /** what one provider's two texts must share of what happened; another provider's report, half of it */
  happening: number;
  unanchoredContent: number;
  /** both sides come from one provider (see `isAnchored`) */
  sameProvider?: boolean;
}

export function classify(fp: Fingerprint, candidates: readonly Candidate[], context: ClassifyContext = {}): DedupeDecision {
  const { stats, tuning = SHIPPED_TUNING } = context;
  const sameItem = candidates.find(
    (c) => c.fingerprint.item.providerId === fp.item.providerId && c.fingerprint.item.providerItemId === fp.item.providerItemId,
  );
  if (sameItem) return { kind: 'same-item', storyId: sameItem.storyId };

  const exact = candidates.find((c) => c.fingerprint.exactHash === fp.exactHash);
  if (exact) return { kind: 'exact-duplicate', storyId: exact.storyId, of: exact.fingerprint.item };

  // Cheap signals first: shingle overlap decides near duplicates; vectors are built only for the event step.
  const overlaps = candidates
    .map((candidate) => ({ candidate, scores: scoreTextOverlap(fp, candidate.fingerprint) }))
    .filter((s) => copiesAgree(fp, s.candidate.fingerprint, s.scores));
  const vectors = context.vectors ?? itemVectors(fp, stats);
  const vectorsOf = (c: Candidate): ItemVectors => c.vectors ?? itemVectors(c.fingerprint, stats);
  const evidenceAgainst = (c: Candidate) => scoreCandidate(fp, c.fingerprint, stats, vectors, vectorsOf(c));
  const nearDuplicate = best(
    overlaps.filter((s) => isNearDuplicate(fp, s.candidate.fingerprint, s.scores)),
    (s) => signalScore(s.scores, 'minhash-jaccard') ?? 0,
  );
  const joinOn = (kind: 'near-duplicate' | 'same-event', match: { candidate: Candidate; score: number }): DedupeDecision => ({
    kind,
    storyId: match.candidate.storyId,
    of: match.candidate.fingerprint.item,
    evidence: { signals: evidenceAgainst(match.candidate).signals, total: match.score },
  });
  if (nearDuplicate) return joinOn('near-duplicate', nearDuplicate);
  // A write-thru that adds paragraphs, a cut, or copy edited more than a re-send: the same story in different copy.
  const version = best(
    overlaps.filter((s) => isContained(fp, s.candidate.fingerprint, s.scores) || isSharedCopy(fp, s.candidate.fingerprint, s.scores)),
    (s) => Math.max(signalScore(s.scores, 'containment') ?? 0, signalScore(s.scores, 'minhash-jaccard') ?? 0),
  );
  if (version) return joinOn('same-event', version);

  const members = new Map<string, Candidate[]>();
  for (const candidate of candidates) members.set(candidate.storyId, [...(members.get(candidate.storyId) ?? []), candidate]);
  const profiles = new Map((context.stories ?? []).map((p) => [p.storyId, p]));
  const events = [...members.entries()]
    .map(([storyId, list]) => {
      const profile = profiles.get(storyId) ?? storyProfileOf(storyId, list.map((c) => c.fingerprint), stats);
      const scores = scoreAgainstStory(fp, profile, list.map((c) => c.fingerprint), stats, vectors);
      const sameProvider = list.every((c) => c.fingerprint.item.providerId === fp.item.providerId);
      return { storyId, scores, sameProvider, total: sameEventTotal(scores, { ...MATCH_POLICY.joinAnchor, sameProvider }, tuning.weights) };
    })
    .filter((e) => e.total !== null && e.total >= thresholdFor(e.sameProvider, tuning.threshold))
    .sort((a, b) => b.total! - a.total! || (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0));
  const closestOf = (storyId: string): Candidate =>
    members
      .get(storyId)!
      .map((candidate) => ({ candidate, content: contentSimilarity(vectors, vectorsOf(candidate)) }))
      .sort((a, b) => b.content - a.content || compareCandidates(a.candidate, b.candidate))[0]!.candidate;
  // Best first: the closest member is only looked for until a story takes the item.
  for (const event of events) {
    const closest = closestOf(event.storyId);
    if (event.sameProvider && isStaleFollowUp(fp, closest.fingerprint, event.scores)) continue;
    if (event.sameProvider && isNextIssue(fp, closest.fingerprint, event.scores)) continue;
    const followUp: Signal = { name: 'follow-up', score: isFollowUp(fp, closest.fingerprint) ? 1 : 0 };
    return {
      kind: 'same-event',
      storyId: event.storyId,
      of: closest.fingerprint.item,
      evidence: { signals: [...event.scores.signals, followUp], total: round(event.total!) },
    };
  }
  return crossLanguageJoin(fp, candidates, evidenceAgainst) ?? { kind: 'new-story' };
}

/** Signals that compare words: between two languages they measure nothing, and are left out of the evidence. */
const WORD_SIGNALS: ReadonlySet<SignalName> = new Set(['minhash-jaccard', 'containment', 'title', 'content', 'happening', 'subjects']);

/** The same event reported in another language (see `MATCH_POLICY.crossLanguage`): the best-named match, as related coverage. */
function crossLanguageJoin(fp: Fingerprint, candidates: readonly Candidate[], evidenceAgainst: (c: Candidate) => SignalScores): DedupeDecision | null {
  const matches = candidates.flatMap((candidate) => {
    const share = crossLanguageScore(fp, candidate.fingerprint);
    return share === null ? [] : [{ candidate, share }];
  });
  const match = best(matches, ({ share }) => share);
  if (!match) return null;
  const signals = evidenceAgainst(match.candidate).signals.filter((signal) => !WORD_SIGNALS.has(signal.name));
  const followUp: Signal = { name: 'follow-up', score: isFollowUp(fp, match.candidate.fingerprint) ? 1 : 0 };
  return {
    kind: 'same-event',
    storyId: match.candidate.storyId,
    of: match.candidate.fingerprint.item,
    evidence: { signals: [...signals, { name: 'cross-language', score: 1 }, followUp], total: round(match.score) },
  };
}

/**
 * Two items in different languages that report one event (see `MATCH_POLICY.crossLanguage`): the share
 * of identities they have in common; null when they are not in two known languages or fail the rule.
 */
export function crossLanguageScore(a: Fingerprint, b: Fingerprint): number | null {
  const rule = MATCH_POLICY.crossLanguage;
  if (!a.language || !b.language || a.language === b.language || !a.place || a.place !== b.place || !a.eventDate) return null;
  if (daysApart(a.eventDate, b.eventDate) > rule.maxDaysApart) return null;
  const identities = identityOverlap(a, b);
  return identities.shared >= rule.sharedIdentities && identities.share >= rule.identityShare ? identities.share : null;
}

/** Names with a language-independent identity (`@n:…` people and bodies, `@xx` countries): how many both give, and their share of the fewer either gives. */
function identityOverlap(a: Fingerprint, b: Fingerprint): { shared: number; share: number } {
  const identities = (fp: Fingerprint) => Object.keys(fp.entities).filter((name) => name.startsWith('@'));
  const ours = identities(a);
  const fewer = Math.min(ours.length, identities(b).length);
  const shared = ours.filter((name) => name in b.entities).length;
  return { shared, share: fewer === 0 ? 0 : shared / fewer };
}

function daysApart(a: string, b: string | null): number {
  return b === null ? Number.POSITIVE_INFINITY : Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
}

/** The evidence that an item reports a story's event: against its profile, and the figures and headlines of its members at hand. */
export function scoreAgainstStory(
  fp: Fingerprint,
  profile: StoryProfile,
  members: readonly Fingerprint[],
  stats?: TermStatistics,
  vectors: ItemVectors = itemVectors(fp, stats),
): SignalScores {
  const story = scoreStory(fp, profile, stats, vectors);
  const subjects = subjectAgreement(fp, members);
  return { ...story, signals: [...story.signals, ...scoreFigures(fp, members), ...(subjects === null ? [] : [{ name: 'subjects' as const, score: subjects }])] };
}

/**
 * Same event or follow-up: copy sent within the re-send window of the item it matched reports the
 * event itself (other providers, a write-thru); copy sent later reports a later development of it.
 */
function isFollowUp(fp: Fingerprint, matched: Fingerprint): boolean {
  return fp.versionCreated - matched.versionCreated > MATCH_POLICY.nearDuplicateMaxApartMs;
}

/**
 * One provider's later day's text that shares the story's names but not what happened to them (the
 * same company's next announcement, the same minister's next speech, tomorrow's market operations) is
 * another event: a development of a story carries what happened in it. Applied to one provider's texts
 * only: other outlets report an event over the following days in words of their own, and are held to
 * the anchor like any other report.
 */
function isStaleFollowUp(fp: Fingerprint, matched: Fingerprint, scores: SignalScores): boolean {
  return isFollowUp(fp, matched) && (signalScore(scores, 'happening') ?? 0) < MATCH_POLICY.followUpHappening;
}

/**
 * One provider's recurring report (the next day's money market operations, this week's slaughter
 * estimates) repeats the wording of the last one with other figures, on another day: the next issue of
 * a template, not a development of the event, whose copy changes its wording as it develops. Tables
 * of one session, sent the same day with other figures, stay joined. A flash without figures (a
 * headline-only `FED SETS TWO-DAY SYSTEM REPURCHASES`) repeated on another day is the next issue too.
 * Across providers a later report of one event may share the wording and change every figure (a quake's
 * later toll): not applied.
 */
export function isNextIssue(fp: Fingerprint, matched: Fingerprint, scores: SignalScores): boolean {
  if (calendarDay(fp.versionCreated) === calendarDay(matched.versionCreated)) return false;
  const numbers = signalScore(scores, 'numbers');
  return (numbers === undefined || numbers < MATCH_POLICY.nextIssue.numbers) && (signalScore(scores, 'happening') ?? 0) >= MATCH_POLICY.nextIssue.happening;
}

function calendarDay(epochMs: number): number {
  return Math.floor(epochMs / 86_400_000);
}

/**
 * Templated copy (results tables, earnings, bond issues) shares its wording but not its figures, and
 * a dividend or prime-rate template about two companies may share even its figures: copies of one
 * text agree on their figures and do not name two companies by symbol with none in common. Both sides
 * of a merger are announced in one text under two symbols, which each copy then carries: they share
 * one. The re-send path never asks for an event anchor.
 */
function copiesAgree(fp: Fingerprint, candidate: Fingerprint, scores: SignalScores): boolean {
  const numbers = signalScore(scores, 'numbers');
  if (isTemplateForTwoSubjects(fp, candidate)) return false;
  return numbers === undefined || numbers >= MATCH_POLICY.nearDuplicateMinNumbers;
}

/** Two copies of one text (a re-send, an edited re-send, a write-thru): linked whatever the names say. */
export function isSameCopy(fp: Fingerprint, candidate: Fingerprint, scores: SignalScores): boolean {
  return copiesAgree(fp, candidate, scores) && (isSharedCopy(fp, candidate, scores) || isContained(fp, candidate, scores));
}

function isNearDuplicate(fp: Fingerprint, candidate: Fingerprint, scores: SignalScores): boolean {
  if (Math.abs(fp.versionCreated - candidate.versionCreated) > MATCH_POLICY.nearDuplicateMaxApartMs) return false;
  return (signalScore(scores, 'minhash-jaccard') ?? 0) >= MATCH_POLICY.nearDuplicateJaccard;
}

/**
 * Half the wording shared, sent within a day. Under an estimate of one half, where the sketch cannot
 * tell an edited re-send from one template filled in for two subjects, headlines that each name a
 * subject of their own (FRANKLIN MINNESOTA and FRANKLIN MICHIGAN payouts) say it is the template.
 */
function isSharedCopy(fp: Fingerprint, candidate: Fingerprint, scores: SignalScores): boolean {
  if (Math.abs(fp.versionCreated - candidate.versionCreated) > MATCH_POLICY.nearDuplicateMaxApartMs) return false;
  const jaccard = signalScore(scores, 'minhash-jaccard') ?? 0;
  if (jaccard < MATCH_POLICY.sharedCopyJaccard) return false;
  return jaccard >= MATCH_POLICY.sharedCopySubjectsFrom || subjectAgreement(fp, [candidate]) !== 0;
}

function isContained(fp: Fingerprint, candidate: Fingerprint, scores: SignalScores): boolean {
  return (
    (signalScore(scores, 'containment') ?? 0) >= MATCH_POLICY.nearDuplicateContainment &&
    Math.min(fp.shingleCount, candidate.shingleCount) >= MATCH_POLICY.minShinglesForContainment
  );
}

function best<T extends { candidate: Candidate }>(list: readonly T[], score: (x: T) => number): (T & { score: number }) | undefined {
  return list
    .map((x) => ({ ...x, score: score(x) }))
    .sort((a, b) => b.score - a.score || compareCandidates(a.candidate, b.candidate))[0];
}

/**
 * The weighted mean of the identity signals both sides have, scaled down by disagreement in time, and 0
 * without an anchor; null when the two share no identity signal at all.
 */
export function sameEventTotal(scores: SignalScores, anchor: Anchor = MATCH_POLICY.joinAnchor, weights: IdentityWeights = MATCH_POLICY.weights): number | null {
  let sum = 0;
  let weight = 0;
  for (const [name, w] of Object.entries(weights) as Array<[SignalName, number]>) {
    const score = signalScore(scores, name);
    if (score === undefined) continue;
    sum += w * score;
    weight += w;
  }
  if (weight === 0) return null;
  if (!isAnchored(scores, anchor)) return 0;
  const identity = sum / weight;
  // Time joins the mean only to pull it down: disagreement weighs as it would in the mean, agreement not at all.
  for (const [name, w] of Object.entries(MATCH_POLICY.timeGates) as Array<[SignalName, number]>) {
    const score = signalScore(scores, name);
    if (score === undefined) continue;
    sum += w * score;
    weight += w;
  }
  return Math.min(identity, sum / weight);
}

/**
 * Shared names and what happened, or content words shared as a rewrite shares them. One provider files
 * one story per event and updates it, so two of its texts that are not copies of each other (those go
 * the copy path) are one event only on stronger evidence than two providers' copy: the full share of
 * what happened (another provider's report of the event names its actors in its own words; one
 * provider's second text on the same actor is the actor's other statement), and not every figure either states different
 * (a wire's templated reports of one kind: another day's money market, another company's payout).
 * Developing stories that change their figures (a quake's later toll) are still joined across providers.
 */
export function isAnchored(scores: SignalScores, anchor: Anchor = MATCH_POLICY.joinAnchor): boolean {
  if (signalScore(scores, 'companies') === 0 || signalScore(scores, 'subjects') === 0) return false;
  if (anchor.sameProvider && figuresDisagree(scores)) return false;
  const who = signalScore(scores, 'entities') ?? 0;
  const what = signalScore(scores, 'happening') ?? 0;
  const anchored = who >= anchor.entities && what >= (anchor.sameProvider ? anchor.happening : anchor.happening / 2);
  return anchored || (signalScore(scores, 'content') ?? 0) >= anchor.unanchoredContent;
}

/**
 * Two stories, profile against profile (`scoreStories`), report one event: the same-event rule (anchor,
 * vetoes, time gates) at the tuning's threshold plus `margin` (one provider's stories held to the rule
 * and threshold for its texts), and the years their reports state agreeing: across a
 * story's several reports the years say which year the event happened in, and two events of one kind
 * (two quakes on one island, two celebrities' rehab stays) are years apart.
 */
export function isOneEvent(scores: SignalScores, sameProvider: boolean, tuning: EventTuning = SHIPPED_TUNING, margin = 0): boolean {
  const years = signalScore(scores, 'years');
  if (years !== undefined && years < MATCH_POLICY.storyMerge.minYears) return false;
  const total = sameEventTotal(scores, { ...MATCH_POLICY.joinAnchor, sameProvider }, tuning.weights);
  return total !== null && total >= thresholdFor(sameProvider, tuning.threshold) + margin;
}

/** The same-event threshold for two items or stories: one provider's texts never below `MATCH_POLICY.oneProviderTotal`. */
export function thresholdFor(oneProvider: boolean, threshold: number = MATCH_POLICY.sameEventTotal): number {
  return oneProvider ? Math.max(threshold, MATCH_POLICY.oneProviderTotal) : threshold;
}

/** Every item from one provider: its texts are held to the rule for one provider's texts (`Anchor.sameProvider`). */
export function fromOneProvider(members: readonly Fingerprint[]): boolean {
  return new Set(members.map((fp) => fp.item.providerId)).size === 1;
}

/** Both state figures and none of them agree: neither a number nor a quantity in common. */
function figuresDisagree(scores: SignalScores): boolean {
  const figures = [signalScore(scores, 'numbers'), signalScore(scores, 'quantities')].filter((x) => x !== undefined);
  return figures.length > 0 && figures.every((x) => x === 0);
}

function compareCandidates(a: Candidate, b: Candidate): number {
  const x = `${a.storyId}\u0000${a.fingerprint.item.providerId}\u0000${a.fingerprint.item.providerItemId}`;
  const y = `${b.storyId}\u0000${b.fingerprint.item.providerId}\u0000${b.fingerprint.item.providerItemId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
