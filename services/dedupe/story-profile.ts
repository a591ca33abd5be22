import type { Fingerprint } from './fingerprint.ts';
import type { ItemVectors } from './item-vectors.ts';
import { itemVectors } from './item-vectors.ts';
import type { TermStatistics } from './term-statistics.ts';

/**
 * What a story is about, as the sum of its members' unit vectors (a centroid without the division):
 * a newcomer is compared with the whole story rather than with its single closest member, which
 * keeps one loosely related item from chaining two events together.
 */
export interface StoryProfile {
  storyId: string;
  members: number;
  terms: Record<string, number>;
  entities: Record<string, number>;
  /** the earliest dated member's date */
  eventDate: string | null;
}

/**
 * The heaviest terms and names a profile keeps: a story followed for weeks would otherwise grow its
 * profile (and its Redis value, read on every lookup) with every member; its tail adds little to a
 * cosine. Pruned back to the cap once it has grown half as large again, so that sorting is rare.
 */
export const PROFILE_TERMS = 500;

export function emptyStoryProfile(storyId: string): StoryProfile {
  return { storyId, members: 0, terms: {}, entities: {}, eventDate: null };
}

/** Members are added as IDF-weighted unit vectors, weighted with the statistics of the moment they joined. */
export function addToStoryProfile(profile: StoryProfile, fp: Fingerprint, stats?: TermStatistics, vectors = itemVectors(fp, stats)): StoryProfile {
  return {
    storyId: profile.storyId,
    members: profile.members + 1,
    terms: heaviest(addVectors(profile.terms, vectors.terms), PROFILE_TERMS),
    entities: heaviest(addVectors(profile.entities, vectors.entities), PROFILE_TERMS),
    eventDate: earliest(profile.eventDate, fp.eventDate),
  };
}

/**
 * A regrouping's changes in one step: the vectors of the members that joined added, of those that left
 * taken back out (terms left at about zero go). Approximate where the profile's tail was pruned; the
 * earliest date stays, since it may be another member's.
 */
export function adjustStoryProfile(
  profile: StoryProfile,
  joined: ReadonlyArray<{ fingerprint: Fingerprint; vectors: ItemVectors }>,
  left: ReadonlyArray<{ vectors: ItemVectors }>,
): StoryProfile {
  if (joined.length === 0 && left.length === 0) return profile;
  const terms: Record<string, number> = { ...profile.terms };
  const entities: Record<string, number> = { ...profile.entities };
  for (const { vectors } of joined) {
    accumulate(terms, vectors.terms, 1);
    accumulate(entities, vectors.entities, 1);
  }
  for (const { vectors } of left) {
    accumulate(terms, vectors.terms, -1);
    accumulate(entities, vectors.entities, -1);
  }
  return {
    storyId: profile.storyId,
    members: Math.max(0, profile.members + joined.length - left.length),
    terms: heaviest(terms, PROFILE_TERMS),
    entities: heaviest(entities, PROFILE_TERMS),
    eventDate: joined.reduce((date, m) => earliest(date, m.fingerprint.eventDate), profile.eventDate),
  };
}

function accumulate(into: Record<string, number>, vector: Readonly<Record<string, number>>, sign: 1 | -1): void {
  for (const [key, x] of Object.entries(vector)) {
    if (sign < 0 && !(key in into)) continue;
    const value = (into[key] ?? 0) + sign * x;
    if (value > 1e-9) into[key] = value;
    else delete into[key];
  }
}

export function storyProfileOf(storyId: string, members: readonly Fingerprint[], stats?: TermStatistics): StoryProfile {
  return members.reduce((profile, fp) => addToStoryProfile(profile, fp, stats), emptyStoryProfile(storyId));
}

function addVectors(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, x] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + x;
  return sum;
}

function heaviest(vector: Record<string, number>, keep: number): Record<string, number> {
  let size = 0;
  for (const _ in vector) size++;
  if (size <= keep * 1.5) return vector;
  const entries = Object.entries(vector);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries.slice(0, keep));
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
