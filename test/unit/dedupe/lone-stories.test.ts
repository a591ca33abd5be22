import { describe, expect, it } from 'vitest';
import type { Fingerprint } from '../../../services/dedupe/fingerprint.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { itemKeyOf } from '../../../services/dedupe/item-key.ts';
import type { GrownStory } from '../../../services/dedupe/lone-stories.ts';
import { LONE_STORY_AGE_MS, lonesJoining } from '../../../services/dedupe/lone-stories.ts';
import type { NeighbourStory, StoryMember } from '../../../services/dedupe/regroup.ts';
import { NO_REGROUPING } from '../../../services/dedupe/regroup.ts';
import { storyProfileOf } from '../../../services/dedupe/story-profile.ts';
import { quakeChile, quakeChileResend, quakeChileRewrite, quakeChileThird, quakeJapan } from './articles.ts';

const chile = fingerprintArticle(quakeChile);
const chileResend = fingerprintArticle(quakeChileResend);
const chileRewrite = fingerprintArticle(quakeChileRewrite);
const japan = fingerprintArticle(quakeJapan);
const chileThird = fingerprintArticle(quakeChileThird);

function member(fp: Fingerprint, storyId: string, settled = false): StoryMember {
  return { key: itemKeyOf(fp.item.providerId, fp.item.providerItemId), storyId, fingerprint: fp, ...(settled ? { settled } : {}) };
}

function story(storyId: string, opener: Fingerprint, openedAt = opener.versionCreated): NeighbourStory {
  return { storyId, opener: itemKeyOf(opener.item.providerId, opener.item.providerItemId), openedAt };
}

function storyOf(items: readonly Fingerprint[]): GrownStory {
  return { storyId: 'st-a', profile: storyProfileOf('st-a', items), candidates: items.map((fingerprint) => ({ storyId: 'st-a', fingerprint })) };
}

const grown = storyOf([chile, chileResend, chileRewrite]);
const joinedAt = chileRewrite.versionCreated;

describe('lonesJoining', () => {
  it('merges a lone report of the event into the story a join grew, and not a lone report of another event', () => {
    const lones = { members: [member(chileThird, 'st-c'), member(japan, 'st-j')], stories: [story('st-c', chileThird), story('st-j', japan)] };
    expect(lonesJoining(grown, lones, NO_REGROUPING, { joinedAt })).toEqual([{ storyId: 'st-c', into: 'st-a' }]);
  });

  it('looks again only once the story holds three items', () => {
    const lones = { members: [member(chileThird, 'st-c')], stories: [story('st-c', chileThird)] };
    expect(lonesJoining(storyOf([chile, chileRewrite]), lones, NO_REGROUPING, { joinedAt })).toEqual([]);
  });

  it('leaves a lone story opened more than a day from the join, one whose item a regrouping moved, and one of two items', () => {
    const stale = { members: [member(chileThird, 'st-c')], stories: [story('st-c', chileThird, joinedAt - LONE_STORY_AGE_MS - 1)] };
    expect(lonesJoining(grown, stale, NO_REGROUPING, { joinedAt })).toEqual([]);
    expect(lonesJoining(grown, { members: [member(chileThird, 'st-c', true)], stories: [story('st-c', chileThird)] }, NO_REGROUPING, { joinedAt })).toEqual([]);
    const two = { members: [member(chileThird, 'st-c'), member(japan, 'st-c')], stories: [story('st-c', chileThird)] };
    expect(lonesJoining(grown, two, NO_REGROUPING, { joinedAt })).toEqual([]);
  });

  it("leaves a lone report of a provider the grown story holds copy of: that provider's other story", () => {
    const ownWire = { ...chileThird, item: { ...chileThird.item, providerId: chile.item.providerId } };
    const lones = { members: [member(ownWire, 'st-c')], stories: [story('st-c', ownWire)] };
    expect(lonesJoining(grown, lones, NO_REGROUPING, { joinedAt })).toEqual([]);
  });

  it('leaves lone stories the regrouping already moves or merges', () => {
    const lones = { members: [member(chileThird, 'st-c')], stories: [story('st-c', chileThird)] };
    const merging = { ...NO_REGROUPING, merges: [{ storyId: 'st-c', into: 'st-a' }] };
    expect(lonesJoining(grown, lones, merging, { joinedAt })).toEqual([]);
  });
});
