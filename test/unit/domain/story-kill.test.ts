import { describe, expect, it } from 'vitest';
import { articleRef } from '../../../services/domain/story/article-facts.ts';
import { foldEvents } from '../../../services/domain/story/fold-events.ts';
import { storyEvent } from '../../../services/domain/story/story-events.ts';
import { accepted, killedBy, openedWith, published, received, rejectedCommand, submit } from './story-event-builders.ts';
import { anArticle, anEnrichment } from './story-fixtures.ts';
import { given, recorded } from './story-spec.ts';

const v1 = anArticle({ providerVersion: 1 });
const kill = anArticle({ providerVersion: 2, signals: ['KILL'], ednote: 'Withdrawn: legal' });
const lateUpdate = anArticle({ providerVersion: 3 });

describe('a kill', () => {
  it('from the provider withdraws the story', () => {
    const { state } = given(openedWith('s1', v1))
      .when(submit('s2', kill))
      .then([received('s2', kill), killedBy('s2', kill)]);
    expect(state).toMatchObject({ status: 'killed', kill: { cause: 'KILL_SIGNAL', requestedBy: 'ap', reason: 'Withdrawn: legal' } });
    expect(state.status === 'killed' && state.before?.current?.article).toEqual(v1);
  });

  it('as pubstatus canceled withdraws the story', () => {
    const canceled = anArticle({ providerVersion: 2, pubstatus: 'canceled' });
    given(openedWith('s1', v1))
      .when(submit('s2', canceled))
      .then([received('s2', canceled), killedBy('s2', canceled, 'PUBSTATUS_CANCELED')]);
  });

  it('is honoured even when its version number is not the newest', () => {
    const oldKill = anArticle({ providerVersion: 1, signals: ['KILL'], contentHash: 'kill-text' });
    given([...openedWith('s1', v1)])
      .when(submit('s2', oldKill))
      .then([received('s2', oldKill), killedBy('s2', oldKill)]);
  });

  it('by an operator withdraws the story', () => {
    given(openedWith('s1', v1))
      .when({ type: 'Kill', signalId: 'op-1', requestedBy: 'desk-editor', reason: 'legal' })
      .then([storyEvent('StoryKilled', { signalId: 'op-1', cause: 'OPERATOR', requestedBy: 'desk-editor', reason: 'legal', item: null, mergedInto: null })]);
  });

  it('arriving before the story fences it from the start', () => {
    const { state } = given([])
      .when(submit('s1', kill, { kind: 'new-story' }))
      .then([received('s1', kill, 'new-story'), killedBy('s1', kill)]);
    expect(state).toMatchObject({ status: 'killed', before: null });
  });
});

describe('the kill fence', () => {
  const killedStory = [...openedWith('s1', v1), received('s2', kill), killedBy('s2', kill)];

  it('turns a late update into a recorded rejection, never a version or a publish', () => {
    const { state } = given(killedStory)
      .when(submit('s3', lateUpdate))
      .then([rejectedCommand('s3', 'SubmitArticle', 'STORY_KILLED', articleRef(lateUpdate))]);
    expect(state.status).toBe('killed');
  });

  it('turns a late original (kill first) into a recorded rejection', () => {
    given([received('s1', kill, 'new-story'), killedBy('s1', kill)])
      .when(submit('s2', v1, { kind: 'new-story' }))
      .then([rejectedCommand('s2', 'SubmitArticle', 'STORY_KILLED', articleRef(v1))]);
  });

  it('rejects late enrichment and a second kill', () => {
    given(killedStory)
      .when({ type: 'RecordEnrichment', signalId: 'e1', providerVersion: 1, enricherVersion: 'nlp@1', enrichment: anEnrichment() })
      .then([rejectedCommand('e1', 'RecordEnrichment', 'STORY_KILLED', null)]);
    given(killedStory)
      .when({ type: 'Kill', signalId: 'op-1', requestedBy: 'desk', reason: null })
      .then([rejectedCommand('op-1', 'Kill', 'STORY_KILLED', null)]);
  });

  it('holds under replay: versions recorded after a kill change nothing', () => {
    const afterKill = [accepted('s3', lateUpdate, 1), published('s3', lateUpdate)];
    const fenced = foldEvents(recorded([...killedStory, ...afterKill]));
    const atKill = foldEvents(recorded(killedStory));
    expect(fenced).toEqual({ ...atKill, lastSequence: fenced.lastSequence, processedSignalIds: [...atKill.processedSignalIds, 's3'] });
    expect(fenced.status === 'killed' && fenced.before?.current?.article).toEqual(v1);
  });
});
