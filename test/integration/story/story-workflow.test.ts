import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { StoryClient } from '../../../workflows/story/story-client.ts';
import { revised, seedArticle } from '../../support/articles.ts';
import { killProcess, startTsProcess } from '../../support/child-process.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { restartServer } from '../../support/servers.ts';
import { storyEvents } from '../../support/story-events.ts';

const workerEntry = fileURLToPath(new URL('../../support/story-worker.ts', import.meta.url));
const taskQueue = runId('stories');
let platform: Platform;
let client: StoryClient;
let worker: ChildProcess;

const startWorker = async () => (worker = await startTsProcess(workerEntry, [taskQueue], 'worker-ready'));
const connect = async () => (client = await StoryClient.connect(platform.config.temporal.address, platform.config.temporal.namespace, taskQueue, { environmentPrefix: platform.config.kafkaPrefix }));
const types = (events: RecordedStoryEvent[]) => events.map((e) => e.type);
const distinctById = (events: RecordedStoryEvent[]) => [...new Map(events.map((e) => [e.eventId, e])).values()];

function expectGapFree(events: RecordedStoryEvent[]) {
  const sequences = distinctById(events).map((e) => e.sequence);
  expect(sequences).toEqual(sequences.map((_, i) => i + 1));
}

describe('story workflow on the real Temporal server', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    await connect();
    await startWorker();
  });
  afterAll(async () => {
    await killProcess(worker, 'SIGTERM');
    await client?.close();
    await platform?.close();
  });

  it('survives a worker kill and a server restart: one version per submission, duplicates suppressed, a rewrite joined', async () => {
    const storyId = runId('st');
    const v1 = seedArticle('wire-a', runId('item'));
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 's1', article: v1, routing: { kind: 'new-story' } });
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 's1', article: v1, routing: { kind: 'new-story' } });
    const resend = { ...v1, provider: { id: 'wire-b', name: 'wire-b', credit: null }, providerItemId: 'b-1', uri: 'storyline:item:wire-b:b-1' };
    const ref = { uri: v1.uri, providerId: 'wire-a', providerItemId: v1.providerItemId, providerVersion: 1, contentHash: v1.contentHash };
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 's2', article: resend, routing: { kind: 'exact-duplicate', of: ref } });
    const v2 = revised(v1, 2, (body) => `${body}\n\nLavrov said talks would continue next week.`);
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 's3', article: v2, routing: { kind: 'same-item' } });

    await killProcess(worker, 'SIGKILL');
    await client.close();
    await restartServer('temporal');
    await connect();
    await startWorker();

    const rewrite = { ...revised(v1, 1, (body) => body.replace('tried to lower', 'sought to ease')), provider: { id: 'wire-c', name: 'wire-c', credit: null }, providerItemId: 'c-9', uri: 'storyline:item:wire-c:c-9' };
    const evidence = { signals: [{ name: 'minhash-jaccard', score: 0.82 }], total: 0.82, matchedItem: ref };
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 's4', article: rewrite, routing: { kind: 'near-duplicate', evidence } });
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 's3', article: v2, routing: { kind: 'same-item' } });

    const events = distinctById(await storyEvents(platform, storyId, (es) => es.some((e) => e.type === 'RelatedItemJoined')));
    expectGapFree(events);
    expect(types(events).filter((t) => t === 'StoryOpened')).toHaveLength(1);
    const accepted = events.filter((e) => e.type === 'VersionAccepted').map((e) => (e.payload as { article: { providerVersion: number } }).article.providerVersion);
    expect(accepted).toEqual([1, 2]);
    expect(types(events).filter((t) => t === 'DuplicateSuppressed')).toHaveLength(1);
    const joined = events.find((e) => e.type === 'RelatedItemJoined')!;
    expect(joined.payload).toMatchObject({ evidence: { total: 0.82, signals: [{ name: 'minhash-jaccard' }] } });
    expect(events.every((e) => e.eventId === `${storyId}:${e.sequence}`)).toBe(true);
  });

  it('fences a killed story: a late update is rejected, never published', async () => {
    const storyId = runId('st');
    const v1 = seedArticle('wire-a', runId('item'));
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 'k1', article: v1, routing: { kind: 'new-story' } });
    await client.kill(storyId, { type: 'Kill', signalId: 'k2', requestedBy: 'operator', reason: 'legal' });
    await client.submit(storyId, { type: 'SubmitArticle', signalId: 'k3', article: revised(v1, 2, (b) => `${b}\n\nLate paragraph.`), routing: { kind: 'same-item' } });
    const events = distinctById(await storyEvents(platform, storyId, (es) => es.some((e) => e.type === 'CommandRejected')));
    const killedAt = types(events).indexOf('StoryKilled');
    expect(killedAt).toBeGreaterThan(0);
    expect(types(events).slice(killedAt + 1)).toEqual(['CommandRejected']);
    expect((await client.state(storyId)).status).toBe('killed');
  });
});
