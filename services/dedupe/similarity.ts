import { mentionsTerm, type Fingerprint } from './fingerprint.ts';
import { weekdayAgreement } from './calendar-mentions.ts';
import { quantityAgreement } from './quantities.ts';
import { estimateContainment, estimateJaccard } from './minhash.ts';
import type { ItemVectors } from './item-vectors.ts';
import { itemVectors } from './item-vectors.ts';
import { reportsFromDifferentPlaces } from './local-reports.ts';
import type { StoryProfile } from './story-profile.ts';
import type { TermStatistics } from './term-statistics.ts';

export type SignalName =
  | 'minhash-jaccard'
  | 'containment'
  | 'title'
  | 'content'
  | 'entities'
  | 'numbers'
  | 'years'
  | 'quantities'
  | 'weekday'
  | 'months'
  | 'event-date'
  | 'place'
  /** 1 when both name companies by symbol and share one, 0 when they share none */
  | 'companies'
  /** 1: a later development of the story's event (sent more than a day after the item it matched); 0: copy of the event itself */
  | 'follow-up'
  /** what happened: the content-word cosine without the names of either side (who), so a shared name alone cannot make it */
  | 'happening'
  /** 0 when both headlines name someone or somewhere the other's copy never mentions (Toledo's wheat stocks, Chicago's); else 1 */
  | 'subjects'
  /** after a regrouping: the mean pair score with the items of the story the item moved to */
  | 'regrouped'
  /** 1: joined across languages, by names, place and day (the word signals are left out) */
  | 'cross-language';

export interface Signal {
  name: SignalName;
  score: number;
}

/** All scores in [0, 1]. A signal is absent when one side has nothing to compare (no date, no entities...). */
export interface SignalScores {
  exact: boolean;
  signals: Signal[];
}

/** Item against item: the evidence for exact and near duplicates. */
export function scoreCandidate(
  fp: Fingerprint,
  candidate: Fingerprint,
  stats?: TermStatistics,
  vectors = itemVectors(fp, stats),
  candidateVectors = itemVectors(candidate, stats),
): SignalScores {
  const signals = new SignalList();
  addTextOverlap(signals, fp, candidate);
  signals.add('title', setCosine(fp.titleTokens, candidate.titleTokens));
  signals.add('content', cosine(vectors.terms, candidateVectors.terms));
  signals.add('entities', cosine(vectors.entities, candidateVectors.entities));
  signals.add('happening', happening(vectors, candidateVectors));
  signals.add('numbers', setCosine(fp.numbers, candidate.numbers));
  signals.add('event-date', dateAgreement(fp.eventDate, candidate.eventDate));
  signals.add('place', fp.place && candidate.place ? (fp.place === candidate.place ? 1 : 0) : null);
  signals.add('companies', companyAgreement(fp.entities, candidate.entities));
  signals.add('subjects', subjectAgreement(fp, [candidate]));
  return { exact: fp.exactHash === candidate.exactHash, signals: signals.list };
}

/** The cheap part of `scoreCandidate`, enough to tell a near duplicate: shingle overlap and figures. */
export function scoreTextOverlap(fp: Fingerprint, candidate: Fingerprint): SignalScores {
  const signals = new SignalList();
  addTextOverlap(signals, fp, candidate);
  signals.add('numbers', setCosine(fp.numbers, candidate.numbers));
  signals.add('companies', companyAgreement(fp.entities, candidate.entities));
  return { exact: fp.exactHash === candidate.exactHash, signals: signals.list };
}

function addTextOverlap(signals: SignalList, fp: Fingerprint, candidate: Fingerprint): void {
  const hasShingles = fp.shingleCount > 0 && candidate.shingleCount > 0;
  const jaccard = hasShingles ? estimateJaccard(fp.minhash, candidate.minhash) : 0;
  signals.add('minhash-jaccard', hasShingles ? jaccard : null);
  signals.add('containment', hasShingles ? estimateContainment(jaccard, fp.shingleCount, candidate.shingleCount) : null);
}

/** Content-word cosine of two items. */
export function contentSimilarity(vectors: ItemVectors, candidateVectors: ItemVectors): number {
  return cosine(vectors.terms, candidateVectors.terms) ?? 0;
}

/** Item against a whole story: the evidence for the same event. */
export function scoreStory(fp: Fingerprint, story: StoryProfile, stats?: TermStatistics, vectors = itemVectors(fp, stats)): SignalScores {
  const signals = new SignalList();
  addProfileSignals(signals, { ...vectors, eventDate: fp.eventDate }, story);
  return { exact: false, signals: signals.list };
}

/** Words, names, what happened, the date and the companies of one side (an item's vectors or a story's profile) against a story's profile. */
function addProfileSignals(signals: SignalList, ours: Pick<StoryProfile, 'terms' | 'entities' | 'eventDate'>, story: StoryProfile): void {
  signals.add('content', cosine(ours.terms, story.terms));
  signals.add('entities', cosine(ours.entities, story.entities));
  signals.add('happening', happening(ours, story));
  signals.add('event-date', dateAgreement(ours.eventDate, story.eventDate));
  signals.add('companies', companyAgreement(ours.entities, story.entities));
}

/** A story as one side of a story-to-story comparison: its profile and the members the index returned. */
export interface StoryAtHand {
  profile: StoryProfile;
  members: readonly Fingerprint[];
}

/**
 * Story against story: the evidence that two stories report one event. Profile against profile for the
 * words and names (two reports that each miss the other's wording share it with its story), the figures
 * as the mean over one story's members of their agreement with the other's, and the subjects as each
 * member of one against the other's members (0 when any member names a subject of its own).
 */
export function scoreStories(a: StoryAtHand, b: StoryAtHand): SignalScores {
  const signals = new SignalList();
  addProfileSignals(signals, a.profile, b.profile);
  const figures = new Map<SignalName, number[]>();
  for (const member of a.members) {
    for (const { name, score } of scoreFigures(member, b.members)) {
      const scores = figures.get(name);
      if (scores) scores.push(score);
      else figures.set(name, [score]);
    }
  }
  for (const [name, scores] of figures) signals.add(name, meanOf(scores));
  const subjects = a.members.map((member) => subjectAgreement(member, b.members)).filter((x) => x !== null);
  signals.add('subjects', subjects.length === 0 ? null : Math.min(...subjects));
  return { exact: false, signals: signals.list };
}

/**
 * The cosine of the content words that are neither side's names: two items about one company (or
 * country, or official) share its name whatever happened; two reports of one event share what happened.
 */
function happening(a: ItemVectors, b: Pick<ItemVectors, 'terms' | 'entities'>): number | null {
  // Runs for every pair a regrouping scores: no intermediate vectors.
  const isName = (term: string): boolean => term in a.entities || term in b.entities;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const term in a.terms) {
    if (isName(term)) continue;
    const x = a.terms[term]!;
    normA += x * x;
    const y = b.terms[term];
    if (y !== undefined) dot += x * y;
  }
  for (const term in b.terms) {
    if (isName(term)) continue;
    normB += b.terms[term]! * b.terms[term]!;
  }
  return normA === 0 || normB === 0 ? null : dot / Math.sqrt(normA * normB);
}

/**
 * Whether two items name the same company, where both name companies by their exchange symbols
 * (`$mbc`): 1 when they share one, 0 when they share none (templated copy, results or dividends or
 * ratings, about two companies), null when either names none.
 */
function companyAgreement(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number | null {
  const ours = Object.keys(a).filter(isCompanySymbol);
  if (ours.length === 0) return null;
  const theirs = Object.keys(b).filter(isCompanySymbol);
  if (theirs.length === 0) return null;
  return ours.some((symbol) => symbol in b) ? 1 : 0;
}

/**
 * Templated copy about two subjects (wheat stocks at Toledo and at Chicago, World Bank loans to
 * Portugal and to Mexico, Danish and Finnish prices, two companies' quarterly results) shares all its
 * wording but its headline's name. 0 when each headline names someone or somewhere the other headline
 * does not, and one side's own headline names are none of them mentioned anywhere in the other side's
 * copy (Toledo's stocks are reported against Chicago's futures, but Chicago's copy never mentions
 * Toledo), or each reports from a place of its own (`local-reports.ts`); 1 when some member shares the
 * headline's subject or an exchange symbol; null when a side has no headline names (ECB+ copy has no headlines).
 */
export function subjectAgreement(fp: Fingerprint, members: readonly Fingerprint[]): number | null {
  let compared = false;
  const oursWithCompany = headlineNames(fp, true);
  const oursWithoutCompany = headlineNames(fp, false);
  for (const member of members) {
    if (reportsFromDifferentPlaces(fp, member)) {
      compared = true;
      continue;
    }
    // One symbol on both sides is one company, however each headline spells its name (DOME PETE, DOME PETROLEUM).
    const withCompany = companyAgreement(fp.entities, member.entities) !== 1;
    const [ours, theirs] = [withCompany ? oursWithCompany : oursWithoutCompany, headlineNames(member, withCompany)];
    if (ours.length === 0 || theirs.length === 0) continue;
    compared = true;
    const ownNames = (names: readonly string[], other: readonly string[]) => names.filter((name) => !other.includes(name));
    const [ourOwn, theirOwn] = [ownNames(ours, member.titleTokens), ownNames(theirs, fp.titleTokens)];
    const unmentioned = (names: readonly string[], other: Fingerprint) => names.every((name) => !mentionsTerm(other, name));
    const apart = ourOwn.length > 0 && theirOwn.length > 0 && (unmentioned(ourOwn, member) || unmentioned(theirOwn, fp));
    if (!apart) return 1;
  }
  return compared ? 0 : null;
}

/**
 * A headline's names: its words that are names in its copy, its countries whatever the headline's
 * case, and the words of the company it leads with (`AMERICAN STORES CO 4TH QTR NET`).
 */
function headlineNames(fp: Fingerprint, withCompany: boolean): string[] {
  const names = fp.titleTokens.filter((token) => token in fp.entities || isCountry(token));
  return withCompany && fp.headlineCompany ? [...new Set([...names, ...fp.headlineCompany])] : names;
}

function isCountry(term: string): boolean {
  return term.startsWith('@');
}

/**
 * One template filled in for two subjects, however alike the words: two companies' copy by symbol, or
 * two places' local reports (`local-reports.ts`). Never copies of one text.
 */
export function isTemplateForTwoSubjects(a: Fingerprint, b: Fingerprint): boolean {
  return namesOtherCompanies(a, b) || reportsFromDifferentPlaces(a, b);
}

/**
 * Two texts that name companies by exchange symbol, neither naming the other's: two companies'
 * templated copy. A symbol one letter off another is a slip of the keyboard, and a bracketed company
 * name (`<CANADA SOUTHERN PETROLEUM LTD>`) is not compared with a symbol.
 */
function namesOtherCompanies(a: Fingerprint, b: Fingerprint): boolean {
  const symbols = (fp: Fingerprint) => Object.keys(fp.entities).filter((name) => isCompanySymbol(name) && !name.includes(' '));
  const [ours, theirs] = [symbols(a), symbols(b)];
  return ours.length > 0 && theirs.length > 0 && !ours.some((x) => theirs.some((y) => isOneEditApart(x, y)));
}

function isOneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // After the first difference, the rest must match with one letter substituted, dropped or added.
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
}

export function isCompanySymbol(name: string): boolean {
  return name.startsWith('$');
}

/**
 * Figures, quantities, years, weekdays and months against the story's members the index returned:
 * the mean agreement over the members that state any. Two events of one kind share their wording
 * but not their magnitude, toll, score, year or day.
 */
export function scoreFigures(fp: Fingerprint, members: readonly Fingerprint[]): Signal[] {
  const signals = new SignalList();
  signals.add('numbers', meanOf(members.map((m) => setCosine(fp.numbers, m.numbers))));
  signals.add('years', meanOf(members.map((m) => setCosine(fp.years.map(String), m.years.map(String)))));
  signals.add('quantities', meanOf(members.map((m) => quantityAgreement(fp.quantities ?? [], m.quantities ?? []))));
  signals.add('weekday', meanOf(members.map((m) => weekdayAgreement(fp.weekdays ?? [], m.weekdays ?? []))));
  signals.add('months', meanOf(members.map((m) => setCosine((fp.months ?? []).map(String), (m.months ?? []).map(String)))));
  return signals.list;
}

function meanOf(scores: ReadonlyArray<number | null>): number | null {
  const known = scores.filter((x): x is number => x !== null);
  return known.length === 0 ? null : known.reduce((sum, x) => sum + x, 0) / known.length;
}

export function signalScore(scores: SignalScores, name: SignalName): number | undefined {
  return scores.signals.find((s) => s.name === name)?.score;
}

class SignalList {
  readonly list: Signal[] = [];
  add(name: SignalName, score: number | null): void {
    if (score !== null) this.list.push({ name, score: Math.round(score * 1000) / 1000 });
  }
}

function cosine(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number | null {
  const x = shape(a);
  const y = shape(b);
  if (x.squaredNorm === 0 || y.squaredNorm === 0) return null;
  const [small, large] = x.size <= y.size ? [a, b] : [b, a];
  let dot = 0;
  for (const term in small) {
    const w = large[term];
    if (w !== undefined) dot += small[term]! * w;
  }
  return dot / Math.sqrt(x.squaredNorm * y.squaredNorm);
}

// Vectors are never mutated once built, so a story profile's norm and size are computed once, not per lookup.
const shapes = new WeakMap<object, { squaredNorm: number; size: number }>();

function shape(vector: Readonly<Record<string, number>>): { squaredNorm: number; size: number } {
  const known = shapes.get(vector);
  if (known) return known;
  let squaredNorm = 0;
  let size = 0;
  for (const term in vector) {
    squaredNorm += vector[term]! * vector[term]!;
    size++;
  }
  const computed = { squaredNorm, size };
  shapes.set(vector, computed);
  return computed;
}

function setCosine(a: readonly string[], b: readonly string[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  const setA = new Set(a);
  const setB = new Set(b);
  let shared = 0;
  for (const x of setA) if (setB.has(x)) shared++;
  return shared / Math.sqrt(setA.size * setB.size);
}

/**
 * 1 within a month, falling to 0 at half a year: a story's follow-ups (a trial, a rehab stay) run
 * for weeks, while two events of one kind (two quakes on one island) are usually years apart.
 */
export const DATE_AGREEMENT_DAYS = { full: 30, none: 180 } as const;

function dateAgreement(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  const days = Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
  if (Number.isNaN(days)) return null;
  const { full, none } = DATE_AGREEMENT_DAYS;
  return Math.max(0, Math.min(1, (none - days) / (none - full)));
}
