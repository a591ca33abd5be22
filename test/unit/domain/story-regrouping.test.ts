import { describe, expect, it } from 'vitest';
import { articleRef } from '../../../services/domain/story/article-facts.ts';
import {
  held,
  joined,
  killedBy,
  merge,
  mergedInto,
  opened,
  openedWith,
  received,
  regrouped,
  rejectedCommand,
  submit,
  withdrawnByProvider,
  withdrawRelated,
} from './story-event-builders.ts';
import { HOUR, NOW, anArticle, anEvidence } from './story-fixtures.ts';
import { given } from './story-spec.ts';

const ap = anArticle();
const reuters = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1' });
const reutersV2 = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1', providerVersion: 2 });
const evidence = anEvidence();
const withRelated = [...openedWith('s1', ap), received('s2', reuters, 'same-event'), joined('s2', reuters, evidence, 'SAME_EVENT')];

describe('a related item regrouped into another story', () => {
  it('is withdrawn as regrouped, with its latest version as the story knows it and where it went', () => {
    const { state } = given([...withRelated, received('s3', reutersV2), joined('s3', reutersV2, evidence, 'SAME_EVENT')])
      .when(withdrawRelated('w1', reuters, 'story-b'))
      .then([regrouped('w1', reutersV2, 'story-b')]);
    expect(state).toMatchObject({ status: 'open', related: [], current: { article: ap } });
  });

  it('is withdrawn once: the same signal again changes nothing', () => {
    given([...withRelated, regrouped('w1', reuters, 'story-b')]).when(withdrawRelated('w1', reuters, 'story-b')).thenNothing();
  });

  it('may come back with a later regrouping and join again, even unchanged', () => {
    const { state } = given([...withRelated, regrouped('w1', reuters, 'story-b')])
      .when(submit('s4', reuters, { kind: 'same-event', evidence }))
      .then([received('s4', reuters, 'same-event'), joined('s4', reuters, evidence, 'SAME_EVENT')]);
    expect(state).toMatchObject({ status: 'open', related: [{ item: articleRef(reuters), withdrawn: false }] });
  });

  it('is no longer this story\'s to kill: its provider\'s kill arriving here is rejected, the story stays', () => {
    const kill = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1', providerVersion: 2, signals: ['KILL'] });
    given([...withRelated, regrouped('w1', reuters, 'story-b')])
      .when(submit('s4', kill, { kind: 'same-item' }))
      .then([received('s4', kill), rejectedCommand('s4', 'SubmitArticle', 'FOREIGN_PROVIDER', articleRef(kill))]);
  });
});

describe('a withdrawal of an item that is not related coverage of the story', () => {
  it('is rejected for an unknown item', () => {
    given(withRelated)
      .when(withdrawRelated('w1', anArticle({ providerId: 'afp', providerItemId: 'afp-7' }), 'story-b'))
      .then([rejectedCommand('w1', 'WithdrawRelatedItem', 'UNKNOWN_ITEM', null)]);
  });

  it('is rejected for the story\'s own item, which stays', () => {
    const { state } = given(withRelated).when(withdrawRelated('w1', ap, 'story-b')).then([rejectedCommand('w1', 'WithdrawRelatedItem', 'UNKNOWN_ITEM', null)]);
    expect(state).toMatchObject({ status: 'open', current: { article: ap }, related: [{ item: articleRef(reuters) }] });
  });

  it('is rejected for an item already regrouped away', () => {
    given([...withRelated, regrouped('w1', reuters, 'story-b')])
      .when(withdrawRelated('w2', reuters, 'story-c'))
      .then([rejectedCommand('w2', 'WithdrawRelatedItem', 'UNKNOWN_ITEM', null)]);
  });

  it('is rejected for an item its provider withdrew, which stays withdrawn for good', () => {
    const kill = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1', providerVersion: 2, signals: ['KILL'] });
    const killedItem = [...withRelated, received('s3', kill), withdrawnByProvider('s3', kill)];
    given(killedItem)
      .when(withdrawRelated('w1', reuters, 'story-b'))
      .then([rejectedCommand('w1', 'WithdrawRelatedItem', 'ITEM_WITHDRAWN', articleRef(reuters))]);
    const reutersV3 = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1', providerVersion: 3 });
    given(killedItem)
      .when(submit('s4', reutersV3, { kind: 'same-event', evidence }))
      .then([received('s4', reutersV3, 'same-event'), rejectedCommand('s4', 'SubmitArticle', 'ITEM_WITHDRAWN', articleRef(reutersV3))]);
  });

  it('is rejected on a story that has no item yet', () => {
    given([]).when(withdrawRelated('w1', reuters, 'story-b')).then([rejectedCommand('w1', 'WithdrawRelatedItem', 'UNKNOWN_ITEM', null)]);
  });
});

describe('a story merged into another', () => {
  it('is killed with cause MERGED, pointing at the story that carries it on', () => {
    const { state } = given(withRelated).when(merge('m1', 'story-a')).then([mergedInto('m1', 'story-a')]);
    expect(state).toMatchObject({ status: 'killed', kill: { cause: 'MERGED', requestedBy: 'router', reason: 'merged into story-a', mergedInto: 'story-a' } });
    expect(state.status === 'killed' && state.before?.current?.article).toEqual(ap);
  });

  it('is killed while a version is held under embargo, and before any item arrived', () => {
    const embargoed = anArticle({ embargoed: NOW + HOUR });
    given([received('s1', embargoed, 'new-story'), opened('s1', embargoed), held('s1', embargoed)])
      .when(merge('m1', 'story-a'))
      .then([mergedInto('m1', 'story-a')]);
    const { state } = given([]).when(merge('m1', 'story-a')).then([mergedInto('m1', 'story-a')]);
    expect(state).toMatchObject({ status: 'killed', before: null, kill: { mergedInto: 'story-a' } });
  });

  it('is merged once: the same signal again changes nothing', () => {
    given([...withRelated, mergedInto('m1', 'story-a')]).when(merge('m1', 'story-a')).thenNothing();
  });

  it('is fenced like any killed story: later submissions, withdrawals and merges are recorded as rejected', () => {
    const merged = [...withRelated, mergedInto('m1', 'story-a')];
    const update = anArticle({ providerVersion: 2 });
    given(merged).when(submit('s3', update)).then([rejectedCommand('s3', 'SubmitArticle', 'STORY_KILLED', articleRef(update))]);
    given(merged).when(withdrawRelated('w1', reuters, 'story-b')).then([rejectedCommand('w1', 'WithdrawRelatedItem', 'STORY_KILLED', null)]);
    given(merged).when(merge('m2', 'story-c')).then([rejectedCommand('m2', 'MergeStory', 'STORY_KILLED', null)]);
  });

  it('is rejected when the story was already killed by its provider', () => {
    const kill = anArticle({ providerVersion: 2, signals: ['KILL'] });
    given([...openedWith('s1', ap), received('s2', kill), killedBy('s2', kill)])
      .when(merge('m1', 'story-a'))
      .then([rejectedCommand('m1', 'MergeStory', 'STORY_KILLED', null)]);
  });
});
