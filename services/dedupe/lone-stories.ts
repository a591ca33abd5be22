import type { Fingerprint } from './fingerprint.ts';
import type { Candidate, EventTuning } from './match-policy.ts';
import { classify, MATCH_POLICY } from './match-policy.ts';
import type { Regrouping, StoryMerge } from './regroup.ts';
import { storiesTouchedBy } from './regroup.ts';
import type { Neighbourhood } from './regrouping-store.ts';
import type { StoryProfile } from './story-profile.ts';
import type { TermStatistics } from './term-statistics.ts';

/** The story a same-event join grew, as a lookup would now find it: its profile with the newcomer, and its items at hand. */
export interface GrownStory {
  storyId: string;
  profile: StoryProfile;
  candidates: readonly Candidate[];
}

/**
 * A report that failed the join anchor against a story of one or two items opens a story of its own
 * and is never looked at again, though the story it missed may grow until the report would join it.
 * When a join grows a story, each lone story among the newcomer's candidates (one item, its opener,
 * opened within `LONE_STORY_AGE_MS` of the newcomer, untouched by the regrouping) merges into the
 * grown story if its item now joins it as the router would join it: the same-event decision against
 * the story's profile and items, anchor and vetoes included. Pair scores cannot find these: such a
 * report shares too little with each report for average linkage, but enough with their sum.
 * Only another provider's report is looked at again: one provider files one story per event and
 * updates it, so its text beside a story holding its own copy is its other story (a wire's next
 * market report, its other statement of the day), not a report of that event that missed it.
 * Pure and deterministic; the merged item is moved (settled), so it never moves again.
 */
export function lonesJoining(
  grown: GrownStory,
  lones: Pick<Neighbourhood, 'members' | 'stories'>,
  plan: Regrouping,
  options: { joinedAt: number; stats?: TermStatistics; tuning?: EventTuning },
): StoryMerge[] {
  if (grown.profile.members < GROWN_STORY_ITEMS) return [];
  const touched = storiesTouchedBy(plan);
  const context = { stories: [grown.profile], ...(options.stats ? { stats: options.stats } : {}), ...(options.tuning ? { tuning: options.tuning } : {}) };
  return lones.stories
    .filter((lone) => lone.storyId !== grown.storyId && !touched.has(lone.storyId) && Math.abs(options.joinedAt - lone.openedAt) <= LONE_STORY_AGE_MS)
    .flatMap((lone) => {
      const own = lones.members.filter((member) => member.storyId === lone.storyId);
      const item = own[0];
      if (own.length !== 1 || !item || item.key !== lone.opener || item.settled || sharesProvider(item.fingerprint, grown.candidates)) return [];
      const decision = classify(item.fingerprint, grown.candidates, { ...context, ...(item.vectors ? { vectors: item.vectors } : {}) });
      return decision.kind === 'same-event' && decision.storyId === grown.storyId ? [{ storyId: lone.storyId, into: grown.storyId }] : [];
    })
    .sort((a, b) => (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0));
}

function sharesProvider(fp: Fingerprint, candidates: readonly Candidate[]): boolean {
  return candidates.some((candidate) => candidate.fingerprint.item.providerId === fp.item.providerId);
}

/** How far in event time from the newcomer a lone story may have opened: reports of one event come within a day of each other. */
export const LONE_STORY_AGE_MS = MATCH_POLICY.nearDuplicateMaxApartMs;

/** A story of two items tells little more of its event than each of them did: only a story of three or more is looked against again. */
export const GROWN_STORY_ITEMS = 3;
