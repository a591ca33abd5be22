import { describe, expect, it } from 'vitest';
import type { Fingerprint } from '../../../services/dedupe/fingerprint.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { itemKeyOf } from '../../../services/dedupe/item-key.ts';
import type { GrownStory } from '../../../services/dedupe/lone-stories.ts';
import { isOneEvent, MATCH_POLICY, SHIPPED_TUNING } from '../../../services/dedupe/match-policy.ts';
import type { NeighbourStory, StoryMember } from '../../../services/dedupe/regroup.ts';
import { NO_REGROUPING } from '../../../services/dedupe/regroup.ts';
import { scoreStories, signalScore } from '../../../services/dedupe/similarity.ts';
import { storiesJoining } from '../../../services/dedupe/story-merges.ts';
import { storyProfileOf } from '../../../services/dedupe/story-profile.ts';
import { article, quakeChile, quakeChileRewrite, quakeChileThird, quakeJapan } from './articles.ts';

const chile = fingerprintArticle(quakeChile);
const chileRewrite = fingerprintArticle(quakeChileRewrite);
const chileThird = fingerprintArticle(quakeChileThird);
const chileFourth = fingerprintArticle(
  article(
    'wire-d',
    'd-4',
    'Chile quake: Arica residents return home',
    'Residents of Arica and Iquique returned home on Monday after Chile lifted its tsunami warning; the ' +
      '6.8 quake killed two people, Onemi said, and Boric promised help for damaged roads.',
  ),
);
const japan = fingerprintArticle(quakeJapan);
const japanSecond = fingerprintArticle(
  article(
    'wire-d',
    'd-9',
    'Aomori quake damages roads',
    'The 6.1 earthquake off Aomori damaged roads around Hachinohe, the Japan Meteorological Agency said on ' +
      'Monday; Kishida said the government was gathering information after the tsunami advisory.',
  ),
);

function atHand(storyId: string, items: readonly Fingerprint[]) {
  return { storyId, profile: storyProfileOf(storyId, items), members: items };
}

function grownOf(storyId: string, items: readonly Fingerprint[]): GrownStory {
  return { storyId, profile: storyProfileOf(storyId, items), candidates: items.map((fingerprint) => ({ storyId, fingerprint })) };
}

function members(storyId: string, items: readonly Fingerprint[], settled = false): StoryMember[] {
  return items.map((fp) => ({ key: itemKeyOf(fp.item.providerId, fp.item.providerItemId), storyId, fingerprint: fp, ...(settled ? { settled } : {}) }));
}

function story(storyId: string, opener: Fingerprint): NeighbourStory {
  return { storyId, opener: itemKeyOf(opener.item.providerId, opener.item.providerItemId), openedAt: opener.versionCreated };
}

const grown = grownOf('st-a', [chile, chileRewrite]);

describe('storiesJoining', () => {
  it('merges a story of several reports of the grown story’s event into it, and not a story of another event of one kind', () => {
    const around = {
      members: [...members('st-c', [chileThird, chileFourth]), ...members('st-j', [japan, japanSecond])],
      stories: [story('st-c', chileThird), story('st-j', japan)],
    };
    const profiles = [storyProfileOf('st-c', [chileThird, chileFourth]), storyProfileOf('st-j', [japan, japanSecond])];
    expect(storiesJoining(grown, around, profiles, NO_REGROUPING)).toEqual([{ storyId: 'st-c', into: 'st-a' }]);
  });

  it('leaves a story holding an item a regrouping moved, one the regrouping already touches, and a lone report', () => {
    const profiles = [storyProfileOf('st-c', [chileThird, chileFourth])];
    const settled = { members: members('st-c', [chileThird, chileFourth], true), stories: [story('st-c', chileThird)] };
    expect(storiesJoining(grown, settled, profiles, NO_REGROUPING)).toEqual([]);
    const around = { members: members('st-c', [chileThird, chileFourth]), stories: [story('st-c', chileThird)] };
    expect(storiesJoining(grown, around, profiles, { ...NO_REGROUPING, merges: [{ storyId: 'st-c', into: 'st-x' }] })).toEqual([]);
    const lone = { members: members('st-c', [chileThird]), stories: [story('st-c', chileThird)] };
    expect(storiesJoining(grown, lone, [storyProfileOf('st-c', [chileThird])], NO_REGROUPING)).toEqual([]);
  });

  it("leaves two stories of one provider: that provider's two stories are two events", () => {
    const oneWire = (fp: Fingerprint): Fingerprint => ({ ...fp, item: { ...fp.item, providerId: 'wire-a' } });
    const [third, fourth] = [oneWire(chileThird), oneWire(chileFourth)];
    const around = { members: members('st-c', [third, fourth]), stories: [story('st-c', third)] };
    const ownGrown = grownOf('st-a', [chile, oneWire(chileRewrite)]);
    expect(storiesJoining(ownGrown, around, [storyProfileOf('st-c', [third, fourth])], NO_REGROUPING)).toEqual([]);
  });
});

describe('isOneEvent', () => {
  const scores = scoreStories(atHand('st-a', [chile, chileRewrite]), atHand('st-c', [chileThird, chileFourth]));

  it('takes two stories of one event at the threshold plus the margin, and not below it', () => {
    expect(isOneEvent(scores, false, SHIPPED_TUNING, MATCH_POLICY.storyMerge.margin)).toBe(true);
    expect(isOneEvent(scores, false, { ...SHIPPED_TUNING, threshold: 0.99 })).toBe(false);
  });

  it('parts two stories whose reports state other years, however alike their words', () => {
    const otherYears = { ...scores, signals: [...scores.signals.filter((s) => s.name !== 'years'), { name: 'years' as const, score: 0 }] };
    expect(signalScore(otherYears, 'years')).toBe(0);
    expect(isOneEvent(otherYears, false, { ...SHIPPED_TUNING, threshold: 0 })).toBe(false);
  });
});
