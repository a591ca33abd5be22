import { describe, expect, it } from 'vitest';
import { itemKeyOf } from '../../../services/dedupe/item-key.ts';
import type { Fingerprint } from '../../../services/dedupe/fingerprint.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import type { NeighbourStory, StoryMember } from '../../../services/dedupe/regroup.ts';
import { NO_REGROUPING, planRegrouping, splitStoryId } from '../../../services/dedupe/regroup.ts';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { routeArticle, storyIdFor } from '../../../services/dedupe/routing-pipeline.ts';
import { article, quakeChile, quakeChileResend, quakeChileRewrite, quakeJapan } from './articles.ts';

const chile = fingerprintArticle(quakeChile);
const chileResend = fingerprintArticle(quakeChileResend);
const chileRewrite = fingerprintArticle(quakeChileRewrite);
const japan = fingerprintArticle(quakeJapan);

function member(fp: Fingerprint, storyId: string): StoryMember {
  return { key: itemKeyOf(fp.item.providerId, fp.item.providerItemId), storyId, fingerprint: fp };
}

function story(storyId: string, opener: Fingerprint, openedAt = opener.versionCreated): NeighbourStory {
  return { storyId, opener: itemKeyOf(opener.item.providerId, opener.item.providerItemId), openedAt };
}

describe('planRegrouping', () => {
  it('leaves stories that already hold one event each as they are', () => {
    const members = [member(chile, 'st-a'), member(chileRewrite, 'st-a'), member(japan, 'st-j')];
    expect(planRegrouping(members, [story('st-a', chile), story('st-j', japan)])).toEqual(NO_REGROUPING);
  });

  it('moves a report of another event out of a story into a new one it opens', () => {
    const members = [member(chile, 'st-a'), member(chileResend, 'st-a'), member(chileRewrite, 'st-a'), member(japan, 'st-a')];
    const regrouping = planRegrouping(members, [story('st-a', chile)]);
    const newStory = splitStoryId(member(japan, 'st-a'), 0);
    expect(regrouping.merges).toEqual([]);
    expect(regrouping.moves).toEqual([expect.objectContaining({ item: japan.item, from: 'st-a', to: newStory, opens: true })]);
    expect(regrouping.opened).toEqual([{ storyId: newStory, opener: member(japan, 'st-a').key, openedAt: japan.versionCreated }]);
  });

  it('merges the younger of two stories of one event into the older, moving its items', () => {
    const members = [member(chile, 'st-a'), member(chileResend, 'st-a'), member(chileRewrite, 'st-b')];
    const regrouping = planRegrouping(members, [story('st-a', chile, 1), story('st-b', chileRewrite, 2)]);
    expect(regrouping.merges).toEqual([{ storyId: 'st-b', into: 'st-a' }]);
    expect(regrouping.moves).toEqual([expect.objectContaining({ item: chileRewrite.item, from: 'st-b', to: 'st-a', opens: false, closest: expect.anything() })]);
  });

  it("does not merge one provider's two stories that, as stories, fail the rule for one provider's texts", () => {
    // The same wire's next text on the quake, every figure other: its other story, which the router kept apart.
    const aftershock = fingerprintArticle(
      article(
        'wire-a',
        'a-9',
        'Aftershock rattles northern Chile',
        'A magnitude 5.1 aftershock struck near the port city of Iquique in northern Chile on Tuesday, the ' +
          'Chilean emergency office Onemi said. Residents of Iquique and Arica stayed on higher ground. Onemi ' +
          'reported 14 injuries and 3 collapsed homes around Iquique. President Gabriel Boric said 40 rescue teams stayed north.',
      ),
    );
    const members = [member(chile, 'st-a'), member(chileResend, 'st-a'), member(aftershock, 'st-b')];
    const regrouping = planRegrouping(members, [story('st-a', chile, 1), story('st-b', aftershock, 2)]);
    expect(regrouping.merges).toEqual([]);
    const twoProviders = { ...aftershock, item: { ...aftershock.item, providerId: 'wire-c' } };
    const across = planRegrouping([...members.slice(0, 2), member(twoProviders, 'st-b')], [story('st-a', chile, 1), story('st-b', twoProviders, 2)]);
    expect(across.merges).toEqual([{ storyId: 'st-b', into: 'st-a' }]);
  });

  it('moves copies of one text together: two reports split off a story open one new story', () => {
    const earlier = { ...chileResend, versionCreated: chile.versionCreated - 60_000 };
    const members = [member(japan, 'st-j'), member(chile, 'st-j'), member(earlier, 'st-j')];
    const regrouping = planRegrouping(members, [story('st-j', japan)]);
    const targets = new Set(regrouping.moves.map((m) => m.to));
    expect(targets.size).toBe(1);
    expect(regrouping.moves.map((m) => [m.item.providerItemId, m.opens])).toEqual([
      [earlier.item.providerItemId, true],
      [chile.item.providerItemId, false],
    ]);
    expect(regrouping.opened).toEqual([{ storyId: [...targets][0], opener: member(earlier, '').key, openedAt: earlier.versionCreated }]);
  });

  it('names a split story by its opener, the story it left and the regrouping count', () => {
    const japanInA = member(japan, 'st-a');
    expect(splitStoryId(japanInA, 3)).toMatch(/^st-[0-9a-f]{24}$/);
    expect(splitStoryId(japanInA, 4)).not.toBe(splitStoryId(japanInA, 3));
    expect(splitStoryId(japanInA, 3)).not.toBe(storyIdFor(japan.item));
  });

  it('never takes its own item from a story, and is deterministic', () => {
    const members = [member(japan, 'st-j'), member(chile, 'st-j')];
    const first = planRegrouping(members, [story('st-j', japan)]);
    expect(first.moves.map((m) => m.item.providerItemId)).toEqual([chile.item.providerItemId]);
    expect(planRegrouping([...members].reverse(), [story('st-j', japan)])).toEqual(first);
  });
});

describe('regrouping through the index', () => {
  it('moves items, redirects a merged story and keeps the regrouping pending until acknowledged', async () => {
    const index = inMemoryDedupeIndex();
    const { candidates, regroupings } = index;
    const chileStory = storyIdFor(chile.item);
    await candidates.add(chileStory, chile, { article: quakeChile });
    await candidates.add('st-b', chileRewrite, { article: quakeChileRewrite });
    const copy = fingerprintArticle({ ...quakeChileRewrite, providerItemId: 'b-8' });
    await candidates.add('st-b', copy, { article: { ...quakeChileRewrite, providerItemId: 'b-8' }, duplicateOf: { key: member(chileRewrite, '').key, kind: 'exact-duplicate' } });
    const around = await regroupings.neighbourhood([chileStory, 'st-b']);
    expect(around.stories.map((s) => s.opener)).toEqual([member(chile, '').key, member(chileRewrite, '').key]);
    expect(around.members.map((m) => m.fingerprint.item.providerItemId)).toEqual(['a-1', 'b-7']);

    const pending = await regroupings.applyRegrouping(planRegrouping(around.members, around.stories));
    expect(pending.merges).toEqual([{ storyId: 'st-b', into: chileStory }]);
    // The duplicate follows the item it duplicates, and stays a duplicate of it.
    expect(pending.moves).toContainEqual(expect.objectContaining({ item: copy.item, from: 'st-b', to: chileStory, duplicateOf: { item: chileRewrite.item, kind: 'exact-duplicate' } }));
    expect(await regroupings.pendingRegroupings()).toEqual([pending]);
    expect(await regroupings.payloads([member(chileRewrite, '').key])).toEqual([quakeChileRewrite]);

    // A later version of the merged story's item finds the story it lives on in.
    const update = await routeArticle({ ...quakeChileRewrite, providerVersion: 2 }, index);
    expect(update).toMatchObject({ storyId: chileStory, decision: { kind: 'same-item' } });
    await regroupings.acknowledgeRegrouping(pending.id);
    expect(await regroupings.pendingRegroupings()).toEqual([]);
  });
});
