import type { GrownStory } from './lone-stories.ts';
import type { EventTuning } from './match-policy.ts';
import { fromOneProvider, isOneEvent, MATCH_POLICY } from './match-policy.ts';
import type { Regrouping, StoryMerge } from './regroup.ts';
import { storiesTouchedBy } from './regroup.ts';
import type { Neighbourhood } from './regrouping-store.ts';
import { scoreStories } from './similarity.ts';
import type { StoryProfile } from './story-profile.ts';

/**
 * Two stories of several reports each that report one event, split because each report missed the
 * other story's: pair scores (regrouping) and the router's item-against-story decision both compare
 * one report at a time, and each report may share too little with the other story, though the two
 * stories' sums share as much as a report shares with its own story. When a join grows a story, each
 * other story of two or more items around it merges into it when the two stories, profile against
 * profile, report one event (`isOneEvent`). Not looked at:
 * - stories the regrouping just planned moves or merges for, and stories holding an item a regrouping
 *   moved (a story that received one never merges away, so no item moves twice);
 * - two stories of one provider: one provider files one story per event and updates it, so its two
 *   stories are two events (a wire's next market report, its other statement of the day).
 * The grown story carries on, older or not: the newcomer was just routed to it, and a merge into the
 * other would move the newcomer again. Pure and deterministic.
 */
export function storiesJoining(
  grown: GrownStory,
  around: Pick<Neighbourhood, 'members' | 'stories'>,
  profiles: readonly StoryProfile[],
  plan: Regrouping,
  options: { tuning?: EventTuning } = {},
): StoryMerge[] {
  const touched = storiesTouchedBy(plan);
  const ours = { profile: grown.profile, members: grown.candidates.map((c) => c.fingerprint) };
  const profileOf = new Map(profiles.map((profile) => [profile.storyId, profile]));
  return around.stories
    .filter((story) => story.storyId !== grown.storyId && !touched.has(story.storyId))
    .flatMap((story) => {
      const own = around.members.filter((member) => member.storyId === story.storyId);
      const profile = profileOf.get(story.storyId);
      if (!profile || own.length < 2 || own.some((member) => member.settled)) return [];
      const other = { profile, members: own.map((member) => member.fingerprint) };
      if (fromOneProvider([...ours.members, ...other.members])) return [];
      return isOneEvent(scoreStories(ours, other), false, options.tuning, MATCH_POLICY.storyMerge.margin) ? [{ storyId: story.storyId, into: grown.storyId }] : [];
    })
    .sort((a, b) => (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0));
}
