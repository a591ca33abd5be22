import { describe, expect, it } from 'vitest';
import { articleRef } from '../../../services/domain/story/article-facts.ts';
import {
  accepted,
  corrected,
  held,
  opened,
  openedWith,
  published,
  received,
  stale,
  submit,
  suppressed,
  updatedWith,
} from './story-event-builders.ts';
import { HOUR, NOW, anArticle } from './story-fixtures.ts';
import { given } from './story-spec.ts';

const v1 = anArticle({ providerVersion: 1 });
const v2 = anArticle({ providerVersion: 2 });
const v3 = anArticle({ providerVersion: 3 });

describe('a new story', () => {
  it('is opened with its first version, accepted and published', () => {
    const { state } = given([])
      .when(submit('s1', v1, { kind: 'new-story' }))
      .then([received('s1', v1, 'new-story'), opened('s1', v1), accepted('s1', v1), published('s1', v1, NOW)]);
    expect(state).toMatchObject({ status: 'open', storyId: 'story-1', owner: { providerId: 'ap', providerItemId: 'ap-item-1' } });
    expect(state.status === 'open' && state.current?.article).toEqual(v1);
  });

  it('is held, not published, while its embargo lies ahead', () => {
    const embargoed = anArticle({ embargoed: NOW + HOUR });
    const { state } = given([])
      .when(submit('s1', embargoed, { kind: 'new-story' }))
      .then([received('s1', embargoed, 'new-story'), opened('s1', embargoed), held('s1', embargoed)]);
    expect(state).toMatchObject({ status: 'embargoed', current: null, held: { embargoedUntil: NOW + HOUR } });
  });

  it('is published at once when its embargo has already passed', () => {
    const lifted = anArticle({ embargoed: NOW - HOUR });
    given([])
      .when(submit('s1', lifted, { kind: 'new-story' }))
      .then([received('s1', lifted, 'new-story'), opened('s1', lifted), accepted('s1', lifted), published('s1', lifted, NOW)]);
  });

  it('takes the first article whatever the router thought, so nothing is lost', () => {
    given([])
      .when(submit('s1', v1, { kind: 'same-item' }))
      .then([received('s1', v1, 'same-item'), opened('s1', v1), accepted('s1', v1), published('s1', v1, NOW)]);
  });
});

describe('a new version from the same provider', () => {
  it('supersedes the current version and is published', () => {
    const { state } = given(openedWith('s1', v1))
      .when(submit('s2', v2))
      .then([received('s2', v2), accepted('s2', v2, 1), published('s2', v2, NOW)]);
    expect(state.status === 'open' && state.current?.article.providerVersion).toBe(2);
    expect(state.status === 'open' && state.versions.map((v) => v.item.providerVersion)).toEqual([1, 2]);
  });

  it('arriving out of order (v3 then v2) leaves v2 rejected as stale and v3 current', () => {
    const { state } = given([...openedWith('s1', v1), ...updatedWith('s3', v3, 1)])
      .when(submit('s2', v2))
      .then([received('s2', v2), stale('s2', v2, 3)]);
    expect(state.status === 'open' && state.current?.article.providerVersion).toBe(3);
  });

  it('with the same number as the current one is stale', () => {
    const rewritten = anArticle({ providerVersion: 1, contentHash: 'other-text' });
    given(openedWith('s1', v1))
      .when(submit('s2', rewritten))
      .then([received('s2', rewritten), stale('s2', rewritten, 1)]);
  });

  it('redelivered under a new signal id is suppressed as a duplicate of that version', () => {
    given([...openedWith('s1', v1), ...updatedWith('s2', v2, 1)])
      .when(submit('s9', v1))
      .then([received('s9', v1), suppressed('s9', v1, articleRef(v1))]);
  });

  it('with a newer number but identical content is suppressed as a duplicate', () => {
    const sameText = anArticle({ providerVersion: 2, contentHash: v1.contentHash });
    given(openedWith('s1', v1))
      .when(submit('s2', sameText))
      .then([received('s2', sameText), suppressed('s2', sameText, articleRef(v1))]);
  });

  it('under a new item id that the provider routes as the same item is a version of the story', () => {
    const replacing = anArticle({ providerItemId: 'ap-item-2', providerVersion: 2, lineage: { replacesItemId: 'ap-item-1', evolvesFromItemId: null } });
    given(openedWith('s1', v1))
      .when(submit('s2', replacing))
      .then([received('s2', replacing), accepted('s2', replacing, 1), published('s2', replacing, NOW)]);
  });
});

describe('a correction', () => {
  it('is accepted as a new version flagged as a correction and published', () => {
    const correction = anArticle({ providerVersion: 2, signals: ['CORRECTION'], ednote: 'Corrects death toll' });
    const { state } = given(openedWith('s1', v1))
      .when(submit('s2', correction))
      .then([received('s2', correction), corrected('s2', correction, 1), published('s2', correction, NOW)]);
    expect(state).toMatchObject({ status: 'open', current: { correction: true } });
    expect(state.status === 'open' && state.versions.map((v) => v.correction)).toEqual([false, true]);
  });

  it('older than the current version is stale like any other', () => {
    const lateCorrection = anArticle({ providerVersion: 2, signals: ['CORRECTION'] });
    given([...openedWith('s1', v1), ...updatedWith('s3', v3, 1)])
      .when(submit('s2', lateCorrection))
      .then([received('s2', lateCorrection), stale('s2', lateCorrection, 3)]);
  });
});
