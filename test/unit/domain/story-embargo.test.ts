import { describe, expect, it } from 'vitest';
import type { ReleaseEmbargo } from '../../../services/domain/story/story-commands.ts';
import { accepted, held, killedBy, opened, openedWith, published, received, released, submit } from './story-event-builders.ts';
import { HOUR, NOW, anArticle } from './story-fixtures.ts';
import { given } from './story-spec.ts';

const until = NOW + HOUR;
const embargoed = anArticle({ embargoed: until });
const heldStory = [received('s1', embargoed, 'new-story'), opened('s1', embargoed), held('s1', embargoed)];
const release = (at: number): ReleaseEmbargo => ({ type: 'ReleaseEmbargo', signalId: `embargo:1:${until}`, at });

describe('an embargo', () => {
  it('is released by the timer: the held version becomes current and is published', () => {
    const { state } = given(heldStory)
      .when(release(until), until)
      .then([released(release(until).signalId, embargoed, until), published(release(until).signalId, embargoed, until)]);
    expect(state).toMatchObject({ status: 'open', current: { article: embargoed } });
    expect(state.status === 'open' && state.versions[0]?.publishedAt).toBe(until);
  });

  it('is not released by a timer that fires early', () => {
    given(heldStory).when(release(until - 1), until - 1).thenNothing();
  });

  it('is moved by an update with a later embargo, which replaces the held version', () => {
    const later = anArticle({ providerVersion: 2, embargoed: until + HOUR });
    const { state } = given(heldStory)
      .when(submit('s2', later))
      .then([received('s2', later), held('s2', later)]);
    expect(state).toMatchObject({ status: 'embargoed', held: { embargoedUntil: until + HOUR } });
    given([...heldStory, received('s2', later), held('s2', later)]).when(release(until), until).thenNothing();
  });

  it('is lifted by an update without embargo, which is published at once', () => {
    const lifted = anArticle({ providerVersion: 2 });
    const { state } = given(heldStory)
      .when(submit('s2', lifted))
      .then([received('s2', lifted), accepted('s2', lifted, 1), published('s2', lifted, NOW)]);
    expect(state).toMatchObject({ status: 'open', current: { article: lifted } });
  });

  it('on an update of a published story holds the update and keeps the published version current', () => {
    const v1 = anArticle();
    const embargoedUpdate = anArticle({ providerVersion: 2, embargoed: until });
    const { state } = given(openedWith('s1', v1))
      .when(submit('s2', embargoedUpdate))
      .then([received('s2', embargoedUpdate), held('s2', embargoedUpdate)]);
    expect(state).toMatchObject({ status: 'embargoed', current: { article: v1 }, held: { article: embargoedUpdate } });
  });

  it('released after a kill does nothing', () => {
    const kill = anArticle({ providerVersion: 2, signals: ['KILL'] });
    given([...heldStory, received('s2', kill), killedBy('s2', kill)])
      .when(release(until), until)
      .thenNothing();
  });

  it('released on a story without a held version does nothing', () => {
    given(openedWith('s1', anArticle())).when(release(until), until).thenNothing();
  });
});
