import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { revised, seedArticle } from '../../support/articles.ts';
import { runId } from '../../support/run-id.ts';
import { storyWorkflow } from '../../../workflows/story/story.workflow.ts';
import { killStorySignal, storyCommandSignal, storyWorkflowId, submitArticleSignal } from '../../../workflows/story/story-signals.ts';
import { startTimeSkippingStories, type TimeSkippingStories } from '../../support/workflows/time-skipping-stories.ts';

// The failing-activity test makes the SDK warn on purpose; errors are still printed.
Runtime.install({ logger: new DefaultLogger('ERROR') });

const HOUR = 3_600_000;
const ofStory = (storyId: string) => (events: readonly RecordedStoryEvent[]) => events.filter((e) => e.storyId === storyId);
const typesOf = (events: readonly RecordedStoryEvent[]) => events.map((e) => e.type);

describe('story workflow on the time-skipping test server (activities in memory)', () => {
  let t: TimeSkippingStories;
  beforeAll(async () => {
    t = await startTimeSkippingStories();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('holds a version under a two-hour embargo and releases it at its end, across a worker restart, in seconds of real time', async () => {
    const started = Date.now();
    const storyId = runId('st');
    const events = ofStory(storyId);
    const embargoedUntil = (await t.env.currentTimeMs()) + 2 * HOUR;
    const article = { ...seedArticle('wire-a', runId('item')), embargoed: embargoedUntil };
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'e1', article, routing: { kind: 'new-story' } });
    await t.eventually((all) => typesOf(events(all)).includes('EmbargoHeld'));

    await t.env.sleep(2 * HOUR - 60_000);
    await expect.poll(async () => (await t.stories.state(storyId)).status, { timeout: 10_000 }).toBe('embargoed');
    expect(typesOf(events(t.appended))).toEqual(['ArticleReceived', 'StoryOpened', 'EmbargoHeld']);

    // The timer lives in the server, not in the worker: a new worker replays and still releases once.
    await t.restartWorker();
    await t.env.sleep(2 * 60_000);
    await t.eventually((all) => typesOf(events(all)).includes('VersionPublished'));
    expect(typesOf(events(t.appended))).toEqual(['ArticleReceived', 'StoryOpened', 'EmbargoHeld', 'EmbargoReleased', 'VersionPublished']);
    expect(events(t.appended)[3]!.payload).toMatchObject({ embargoedUntil, releasedAt: embargoedUntil });
    expect(events(t.appended).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(await t.stories.state(storyId)).toMatchObject({ status: 'open', current: { article: { providerVersion: 1 } } });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('releases only at the end of the embargo now held: an update that moved it later outlives the first timer', async () => {
    const storyId = runId('st');
    const events = ofStory(storyId);
    const now = await t.env.currentTimeMs();
    const v1 = { ...seedArticle('wire-a', runId('item')), embargoed: now + HOUR };
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'm1', article: v1, routing: { kind: 'new-story' } });
    const v2 = revised(v1, 2, (b) => `${b}\n\nEmbargo extended.`, { embargoed: now + 3 * HOUR });
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'm2', article: v2, routing: { kind: 'same-item' } });
    await t.eventually((all) => typesOf(events(all)).filter((type) => type === 'EmbargoHeld').length === 2);

    await t.env.sleep(2 * HOUR);
    await expect.poll(async () => (await t.stories.state(storyId)).status, { timeout: 10_000 }).toBe('embargoed');
    expect(typesOf(events(t.appended))).not.toContain('EmbargoReleased');

    await t.env.sleep(HOUR + 1_000);
    await t.eventually((all) => typesOf(events(all)).includes('EmbargoReleased'));
    const released = events(t.appended).filter((e) => e.type === 'EmbargoReleased');
    expect(released.map((e) => e.payload)).toMatchObject([{ providerVersion: 2, embargoedUntil: now + 3 * HOUR }]);
  });

  it('appends nothing twice and moves on only after the append succeeded, when the activity fails and is retried', async () => {
    const storyId = runId('st');
    const events = ofStory(storyId);
    let failures = 2;
    t.appendWith((batch) => {
      if (failures-- > 0) return Promise.reject(new Error('broker unavailable'));
      t.appended.push(...batch);
      return Promise.resolve(batch.length);
    });
    try {
      const v1 = seedArticle('wire-a', runId('item'));
      await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r1', article: v1, routing: { kind: 'new-story' } });
      await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'r2', article: revised(v1, 2, (b) => `${b}\n\nMore.`), routing: { kind: 'same-item' } });
      // Retries back off on workflow time: skip it forward rather than wait.
      await t.env.sleep(10_000);
      await t.eventually((all) => events(all).length === 7);
      expect(events(t.appended).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(typesOf(events(t.appended)).filter((type) => type === 'VersionAccepted')).toHaveLength(2);
    } finally {
      t.appendWith((batch) => {
        t.appended.push(...batch);
        return Promise.resolve(batch.length);
      });
    }
  });

  it('fences a killed story: a late update is recorded as rejected, never as a version', async () => {
    const storyId = runId('st');
    const events = ofStory(storyId);
    const v1 = seedArticle('wire-a', runId('item'));
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'k1', article: v1, routing: { kind: 'new-story' } });
    await t.stories.kill(storyId, { type: 'Kill', signalId: 'k2', requestedBy: 'operator', reason: 'legal' });
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'k3', article: revised(v1, 2, (b) => `${b}\n\nLate.`), routing: { kind: 'same-item' } });
    await t.eventually((all) => typesOf(events(all)).includes('CommandRejected'));
    expect(typesOf(events(t.appended)).slice(-2)).toEqual(['StoryKilled', 'CommandRejected']);
    await expect.poll(async () => (await t.stories.state(storyId)).status, { timeout: 10_000 }).toBe('killed');
  });

  it('still takes commands on the signals of the first release, and ignores an embargo release sent from outside', async () => {
    const storyId = runId('st');
    const events = ofStory(storyId);
    const now = await t.env.currentTimeMs();
    const article = { ...seedArticle('wire-a', runId('item')), embargoed: now + HOUR };
    const workflowId = storyWorkflowId(storyId);
    await t.env.client.workflow.signalWithStart(storyWorkflow, { workflowId, taskQueue: t.taskQueue, args: [{ storyId }], signal: submitArticleSignal, signalArgs: [{ type: 'SubmitArticle', signalId: 'old-1', article, routing: { kind: 'new-story' } }] });
    const forgedRelease = { type: 'ReleaseEmbargo', signalId: 'forged', at: now + HOUR } as unknown as Parameters<typeof t.stories.kill>[1];
    await t.env.client.workflow.getHandle(workflowId).signal(storyCommandSignal, forgedRelease);
    await t.eventually((all) => typesOf(events(all)).includes('EmbargoHeld'));
    await expect.poll(async () => (await t.stories.state(storyId)).status, { timeout: 10_000 }).toBe('embargoed');
    await t.env.client.workflow.getHandle(workflowId).signal(killStorySignal, { type: 'Kill', signalId: 'old-2', requestedBy: 'operator', reason: null });
    await t.eventually((all) => typesOf(events(all)).includes('StoryKilled'));
    expect(typesOf(events(t.appended))).toEqual(['ArticleReceived', 'StoryOpened', 'EmbargoHeld', 'StoryKilled']);
  });

  it('rebuilds a terminated story from its events before deciding anything: no sequence number is used twice', async () => {
    const storyId = runId('st');
    const events = ofStory(storyId);
    const v1 = seedArticle('wire-a', runId('item'));
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'x1', article: v1, routing: { kind: 'new-story' } });
    await t.eventually((all) => typesOf(events(all)).includes('VersionPublished'));
    await t.env.client.workflow.getHandle(storyWorkflowId(storyId)).terminate('reset by an operator');
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'x2', article: revised(v1, 2, (b) => `${b}\n\nMore.`), routing: { kind: 'same-item' } });
    await t.eventually((all) => events(all).length >= 7);
    expect(events(t.appended).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(typesOf(events(t.appended)).slice(4)).toEqual(['ArticleReceived', 'VersionAccepted', 'VersionPublished']);
  });
});

const HISTORY_LIMIT = 5_000;
const BACKLOG = 800;

/** History lengths of every run of a workflow, oldest first. */
async function runLengths(t: TimeSkippingStories, workflowId: string): Promise<number[]> {
  const lengths: number[] = [];
  let run: string | undefined;
  for (;;) {
    const history = await t.env.client.workflow.getHandle(workflowId, run).fetchHistory();
    lengths.unshift(history.events?.length ?? 0);
    run = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!run) return lengths;
  }
}

describe('a backlog on one story (time-skipping test server, cached worker)', () => {
  let t: TimeSkippingStories;
  beforeAll(async () => {
    t = await startTimeSkippingStories({ cacheWorkflows: true, startWorker: false });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('continues as new before the history passes its limit, carrying what is not yet decided: every command decided once', async () => {
    const storyId = runId('st');
    const events = ofStory(storyId);
    // The worker is down (an outage): the commands pile up in the workflow's history.
    await t.stories.submit(storyId, { type: 'SubmitArticle', signalId: 'open', article: seedArticle('wire-a', runId('item')), routing: { kind: 'new-story' } });
    for (let i = 0; i < BACKLOG; i++) {
      await t.stories.withdrawRelated(storyId, { type: 'WithdrawRelatedItem', signalId: `backlog-${i}`, item: { providerId: 'wire-x', providerItemId: `x-${i}` }, movedTo: 'elsewhere' });
    }
    await t.startWorker();
    await t.eventually((all) => events(all).length >= 4 + BACKLOG, 150_000);

    expect(events(t.appended).map((e) => e.sequence)).toEqual(Array.from({ length: 4 + BACKLOG }, (_, i) => i + 1));
    const rejected = events(t.appended).filter((e) => e.type === 'CommandRejected').map((e) => e.payload.signalId);
    expect(new Set(rejected).size).toBe(BACKLOG);
    const lengths = await runLengths(t, storyWorkflowId(storyId));
    expect(lengths.length).toBeGreaterThan(1);
    // Checked before each command: a run ends within one command's events of the limit.
    for (const length of lengths.slice(0, -1)) expect(length).toBeLessThanOrEqual(HISTORY_LIMIT + 10);
    expect(await t.stories.state(storyId)).toMatchObject({ status: 'open', lastSequence: 4 + BACKLOG });
  }, 240_000);
});
