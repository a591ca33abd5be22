import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { storyWorkflowId } from '../../../workflows/story/story-signals.ts';
import { revised, seedArticle } from '../../support/articles.ts';
import { runId } from '../../support/run-id.ts';
import { storyEvents } from '../../support/story-events.ts';
import { useStoryStack } from '../../support/story-stack.ts';

const distinctById = (events: RecordedStoryEvent[]) => [...new Map(events.map((e) => [e.eventId, e])).values()];

describe('a story workflow started again over a story that has events (real servers)', () => {
  const stack = useStoryStack('restart-stories');
  let temporal: Client;
  beforeAll(async () => {
    temporal = new Client({ connection: await Connection.connect({ address: stack.platform.config.temporal.address }), namespace: stack.platform.config.temporal.namespace });
  });
  afterAll(async () => {
    await temporal?.connection.close();
  });

  it('rebuilds the state from story.events.v1 after a terminate and goes on from the next sequence number', async () => {
    const { platform, stories } = stack;
    const storyId = runId('st');
    const v1 = seedArticle('wire-a', runId('item'));
    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 't1', article: v1, routing: { kind: 'new-story' } });
    await storyEvents(platform, storyId, (es) => es.some((e) => e.type === 'VersionPublished'), { lingerMs: 0 });
    await temporal.workflow.getHandle(storyWorkflowId(storyId, platform.config.kafkaPrefix)).terminate('operator reset');

    // signal-with-start opens a fresh run: it must know the story it continues.
    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 't2', article: revised(v1, 2, (b) => `${b}\n\nTalks resume.`), routing: { kind: 'same-item' } });
    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 't1', article: v1, routing: { kind: 'new-story' } });
    const accepted = (e: RecordedStoryEvent) => e.type === 'VersionAccepted' && e.payload.article.providerVersion === 2;
    const events = distinctById(await storyEvents(platform, storyId, (es) => es.some(accepted), { timeoutMs: 45_000 }));

    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'StoryOpened')).toHaveLength(1);
    expect(events.find(accepted)!.sequence).toBe(6);
    expect(events.map((e) => e.type).slice(4)).toEqual(['ArticleReceived', 'VersionAccepted', 'VersionPublished']);
    expect(await stories.state(storyId)).toMatchObject({ status: 'open', lastSequence: 7, versions: [{ item: { providerVersion: 1 } }, { item: { providerVersion: 2 } }] });
  });
});
