import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaMessage, Producer } from 'kafkajs';
import { startAdminService, type AdminService } from '../../../services/admin/admin-service.ts';
import { startApiService, type ApiService } from '../../../services/api/api-service.ts';
import { codecFor, type AvroCodec } from '../../../services/contracts/avro-codec.ts';
import type { Article, Story, StoryUpdate, Submission } from '../../../services/contracts/types.generated.ts';
import type { AvroStoryEvent } from '../../../services/domain/story/index.ts';
import { createEnricher, ENRICHER_VERSION } from '../../../services/enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../../../services/enrich/load-models.ts';
import { contentHash } from '../../../services/ingest/parsers/build-article.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { resolveKeys, ACTIVE } from '../../../services/publish/active-projection.ts';
import { FeedLog } from '../../../services/publish/feed-log.ts';
import { FEED_START, formatFeedPosition } from '../../../services/publish/feed-position.ts';
import { startProjectionConsumer } from '../../../services/publish/projection-consumer.ts';
import { RedisProjection } from '../../../services/publish/redis-projection.ts';
import { storyEventDecoder } from '../../../services/publish/story-event-decoder.ts';
import { PIPELINE_CONSUMERS } from '../../../services/runtime/consumer-registry.ts';
import type { RunningConsumer } from '../../../services/shared/kafka/consumer-runner.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { startOperationsWorker, type RunningOperationsWorker } from '../../../workflows/operations/operations-worker.ts';
import { StoryClient } from '../../../workflows/story/story-client.ts';
import { startStoryWorker, type RunningWorker } from '../../../workflows/worker.ts';
import { killedBy, mergedInto, openedWith, updatedWith } from '../../unit/domain/story-event-builders.ts';
import { seedBytes } from '../../support/articles.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { openSse } from '../../support/sse-client.ts';
import { header, readUntil } from '../../support/topic-reader.ts';
import { StoryLog, article, eventually } from '../publish/support.ts';
import { TEST_RATE_LIMITS, call, jobFinished, operatorKeys, type OperatorKeys } from './support.ts';

const operationsQueue = runId('replays');
const storyQueue = runId('replay-stories');

let platform: Platform;
let service: AdminService;
let api: ApiService;
let keys: OperatorKeys;
let producer: Producer;
let codec: AvroCodec<AvroStoryEvent>;
let live: RunningConsumer;
let storyWorker: RunningWorker;
let opsWorker: RunningOperationsWorker;
let stories: StoryClient;
const enrich = createEnricher(loadEnrichmentModels());

interface Tally {
  changed: number;
  unchanged: number;
  fenced: number;
  skipped: number;
  stories: string[];
}
interface Done {
  rebuildId: string;
  status: string;
  target: string;
  result: { outcome: string; target: string; events: number; tally: Tally };
}

const post = (path: string, body: unknown, key = keys.operator) => call(service.url, key, 'POST', path, body);
const get = (path: string, key = keys.operator) => call(service.url, key, 'GET', path);

async function replay(target: string, body: Record<string, unknown>): Promise<Done> {
  const started = await post(`/ops/v1/replays/${target}`, body);
  expect(started.status).toBe(202);
  return jobFinished<Done>(service.url, keys.operator, String(started.body.rebuildId), 180_000);
}

async function liveStory(storyId: string): Promise<{ status: string | null; story: Story | null; seq: number }> {
  const keysNow = await resolveKeys(platform.redis, ACTIVE);
  const [status, story, seq] = await platform.redis.hmget(keysNow.story(storyId), 'status', 'story', 'seq');
  return { status: status ?? null, story: story ? (JSON.parse(story) as Story) : null, seq: Number(seq ?? 0) };
}

/** Every change the live feed holds, all partitions merged. */
const wholeFeed = () => new FeedLog(platform.redis).read(FEED_START, 1_000_000);

async function feedFor(storyId: string): Promise<Array<{ id: string; reason: string }>> {
  return (await wholeFeed()).flatMap((entry) => (entry.update.storyId === storyId ? [{ id: `${entry.partition}:${entry.offset}`, reason: entry.update.reason }] : []));
}

/** A wire article as ingest parses it now, for a provider item of this run. */
function parsed(provider: string, itemId: string, submissionId: string, receivedAt: number): Article {
  const result = parseItem({ bytes: seedBytes(), contentType: 'text/plain', provider: { id: provider, name: provider }, submissionId, receivedAt });
  if (!result.ok) throw new Error(result.error.message);
  return { ...result.article, providerItemId: itemId, uri: `storyline:item:${provider}:${itemId}`, versioncreated: Date.now() };
}

/** What a parser with a bug made of the same bytes: it lost the last paragraph. */
function beforeTheFix(article: Article): Article {
  const paragraphs = article.bodies[0]!.value.split('\n\n');
  const body = paragraphs.slice(0, -1).join('\n\n');
  return { ...article, bodies: [{ ...article.bodies[0]!, value: body }], contentHash: contentHash(article.headlines[0]!.value, body.split('\n\n')) };
}

async function storiesOpened(ids: string[]): Promise<void> {
  await eventually(async () => (await Promise.all(ids.map(liveStory))).every((s) => s.status !== null), `stories ${ids.join(', ')} in the read model`, 120_000);
}

describe('replays of public topics, enrichment and parsing as Temporal workflows (real Kafka, registry, Redis, Temporal)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    keys = operatorKeys();
    codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
    producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    storyWorker = await startStoryWorker(platform, storyQueue);
    stories = await StoryClient.connect(platform.config.temporal.address, platform.config.temporal.namespace, storyQueue, { environmentPrefix: platform.config.kafkaPrefix });
    opsWorker = await startOperationsWorker(platform, { taskQueue: operationsQueue, storyTaskQueue: storyQueue, enricher: () => ({ enrich, version: ENRICHER_VERSION }) });
    service = await startAdminService(platform, keys.store, { consumers: PIPELINE_CONSUMERS, port: 0, operationsTaskQueue: operationsQueue, operationsWorker: false, rateLimits: TEST_RATE_LIMITS });
    api = await startApiService(platform, keys.store, 0);
    live = await startProjectionConsumer({ platform, projection: new RedisProjection(platform.redis), decode: storyEventDecoder(codec), logger: platform.logger });
  }, 120_000);

  afterAll(async () => {
    await live?.stop();
    await api?.stop();
    await service?.stop();
    await opsWorker?.stop();
    await stories?.close();
    await storyWorker?.stop();
    await producer?.disconnect();
    await platform?.close();
  });

  it('re-publishes stories.v1 and story-updates.v1 with a replay mark, only the tombstone of a killed or merged story, and alerts no feed or SSE subscriber', async () => {
    const provider = runId('pub');
    const kept = new StoryLog(runId('kept'), producer, codec, platform.topics.storyEvents.name);
    const killed = new StoryLog(runId('killed'), producer, codec, platform.topics.storyEvents.name);
    const merged = new StoryLog(runId('merged'), producer, codec, platform.topics.storyEvents.name);
    await kept.append(openedWith('k1', article(provider, 'kept', 1)));
    await kept.append(updatedWith('k2', article(provider, 'kept', 2), 1));
    await killed.append(openedWith('x1', article(provider, 'killed', 1)));
    await killed.append([killedBy('x2', article(provider, 'killed', 1))]);
    await merged.append(openedWith('m1', article(provider, 'merged', 1)));
    await merged.append([mergedInto('m2', kept.storyId)]);
    const ids = [kept.storyId, killed.storyId, merged.storyId];
    await eventually(async () => (await liveStory(merged.storyId)).status === 'killed' && (await liveStory(kept.storyId)).seq === 7, 'the live read model', 120_000);

    const feedBefore = (await wholeFeed()).length;
    const lastId = formatFeedPosition(await new FeedLog(platform.redis).latest());
    const sse = openSse(`${api.url}/v1/stream`, { authorization: `Bearer ${keys.consumer}`, 'last-event-id': lastId });
    try {
      const dry = await replay('public-topics', { stories: ids, dryRun: true });
      expect(dry.result.outcome).toBe('dry-run');
      expect(dry.result.tally).toMatchObject({ changed: 4, fenced: 2 });

      const done = await replay('public-topics', { stories: ids });
      expect(done.target).toBe('public-topics');
      // kept: NEW and UPDATE; killed and merged: their KILL only (their NEW stays fenced).
      expect(done.result.tally).toMatchObject({ changed: 4, fenced: 2 });
      const replayId = done.rebuildId;
      const marked = (m: KafkaMessage) => header(m, 'storyline-replay') === replayId;
      const updatesCodec = await codecFor<StoryUpdate>(platform.catalog, platform.registry, platform.topics.storyUpdates);
      const updates = await readUntil(platform.kafka, platform.topics.storyUpdates.name, (all) => all.filter(marked).length >= 4);
      const replayed = await Promise.all(updates.filter(marked).map((m) => updatesCodec.decode(m.value!)));
      expect(replayed.map((u) => `${u.storyId} ${u.reason} ${u.replay}`).sort()).toEqual(
        [`${kept.storyId} NEW ${replayId}`, `${kept.storyId} UPDATE ${replayId}`, `${killed.storyId} KILL ${replayId}`, `${merged.storyId} KILL ${replayId}`].sort(),
      );
      expect(replayed.find((u) => u.storyId === merged.storyId)?.mergedInto).toBe(kept.storyId);
      const storiesTopic = await readUntil(platform.kafka, platform.topics.stories.name, (all) => all.filter(marked).length >= 4);
      const tombstones = storiesTopic.filter(marked).filter((m) => m.value === null).map((m) => m.key!.toString());
      expect(tombstones.sort()).toEqual([killed.storyId, merged.storyId].sort());
      // The last record per key on the compacted topic is what a new reader keeps: a tombstone for both.
      for (const id of [killed.storyId, merged.storyId]) expect(storiesTopic.filter((m) => m.key?.toString() === id).at(-1)?.value).toBeNull();

      // Bounded: from the kept story's update on, only that story.
      const update = kept.written[4]!;
      const bounded = await replay('public-topics', { stories: [kept.storyId], from: `${update.partition}:${update.offset}` });
      expect(bounded.result.tally).toMatchObject({ changed: 1, fenced: 0 });

      await new Promise((r) => setTimeout(r, 2500));
      expect((await wholeFeed()).length).toBe(feedBefore);
      expect(sse.events.filter((e) => ids.includes(String(e.data.storyId)))).toEqual([]);
      expect(await platform.redis.keys(`sl:ops:replay:{${replayId}}*`)).toEqual([]);
    } finally {
      sse.close();
    }
  }, 300_000);

  it('re-enriches with the current enricher after a version bump, publishing ENRICHED only where the enrichment changed, never for a killed story', async () => {
    const provider = runId('enr');
    const ids = { changed: runId('enr-changed'), same: runId('enr-same'), killed: runId('enr-killed') };
    const articles = Object.fromEntries(Object.entries(ids).map(([name]) => [name, parsed(provider, `item-${name}`, runId(`sub-${name}`), Date.now())])) as Record<keyof typeof ids, Article>;
    for (const [name, storyId] of Object.entries(ids) as Array<[keyof typeof ids, string]>) {
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: `submit-${storyId}`, article: articles[name], routing: { kind: 'new-story' } });
    }
    await storiesOpened(Object.values(ids));
    // Enriched by the previous enricher release: it found no keywords; on the `same` story it agreed with today's.
    const previous = 'storyline-enrich/0.9.0';
    for (const [name, storyId] of Object.entries(ids) as Array<[keyof typeof ids, string]>) {
      const today = enrich(articles[name]);
      await stories.recordEnrichment(storyId, { type: 'RecordEnrichment', signalId: `enrich-${storyId}`, providerVersion: 1, enricherVersion: previous, enrichment: name === 'same' ? today : { ...today, keywords: [] } });
    }
    await stories.kill(ids.killed, { type: 'Kill', signalId: `kill-${ids.killed}`, requestedBy: 'desk', reason: 'legal' });
    await eventually(async () => (await liveStory(ids.killed)).status === 'killed' && (await liveStory(ids.changed)).story?.enricherVersion === previous && (await liveStory(ids.same)).story?.enricherVersion === previous, 'enrichment recorded', 120_000);
    expect(enrich(articles.changed).keywords.length).toBeGreaterThan(0);

    const dry = await replay('enrichment', { stories: Object.values(ids), dryRun: true });
    expect(dry.result.tally).toMatchObject({ changed: 1, unchanged: 1, fenced: 1, stories: [ids.changed] });
    expect((await liveStory(ids.changed)).story?.enricherVersion).toBe(previous);

    const done = await replay('enrichment', { stories: Object.values(ids) });
    expect(done.result.tally).toMatchObject({ changed: 1, unchanged: 1, fenced: 1 });
    const after = await eventually(async () => {
      const story = (await liveStory(ids.changed)).story;
      return story?.enricherVersion === ENRICHER_VERSION ? story : null;
    }, 'the changed story re-enriched', 120_000);
    expect(after.enrichment?.keywords).toEqual(enrich(articles.changed).keywords);
    expect((await feedFor(ids.changed)).map((e) => e.reason)).toEqual(['NEW', 'ENRICHED', 'ENRICHED']);
    expect((await feedFor(ids.same)).map((e) => e.reason)).toEqual(['NEW', 'ENRICHED']);
    expect((await liveStory(ids.killed)).status).toBe('killed');
    expect((await feedFor(ids.killed)).map((e) => e.reason)).toEqual(['NEW', 'ENRICHED', 'KILL']);

    // The same replay again finds nothing left to change.
    const again = await replay('enrichment', { stories: Object.values(ids) });
    expect(again.result.tally).toMatchObject({ changed: 0, unchanged: 2, fenced: 1 });
  }, 300_000);

  it('re-parses the raw wire bytes after a parser fix: a new version of the story that holds the item, never a killed one', async () => {
    const provider = runId('parse');
    const submissionsCodec = await codecFor<Submission>(platform.catalog, platform.registry, platform.topics.submissions);
    const from = new Date(Date.now() - 1000).toISOString();
    const ids = { fixed: runId('parse-fixed'), killed: runId('parse-killed'), same: runId('parse-same') };
    const recorded: Record<string, Article> = {};
    for (const [name, storyId] of Object.entries(ids)) {
      const submissionId = runId(`sub-${name}`);
      const receivedAt = Date.now();
      const now = parsed(provider, `item-${name}`, submissionId, receivedAt);
      // The bytes parse the same today as then, except where the bug lost the last paragraph.
      const then = name === 'same' ? now : beforeTheFix(now);
      recorded[name] = then;
      const submission: Submission = { submissionId, receivedAt, providerId: provider, idempotencyKey: null, channel: 'http', contentType: 'text/plain', raw: seedBytes(), article: then };
      await producer.send({ topic: platform.topics.submissions.name, acks: -1, messages: [{ key: `${provider}:${then.providerItemId}`, value: submissionsCodec.encode(submission) }] });
      await stories.submit(storyId, { type: 'SubmitArticle', signalId: `submit-${storyId}`, article: then, routing: { kind: 'new-story' } });
    }
    await stories.kill(ids.killed, { type: 'Kill', signalId: `kill-${ids.killed}`, requestedBy: 'desk', reason: 'legal' });
    await eventually(async () => (await liveStory(ids.killed)).status === 'killed' && (await liveStory(ids.fixed)).status === 'published' && (await liveStory(ids.same)).status === 'published', 'parsed stories published', 120_000);
    // The submissions are the items' own: the re-parse finds their stories through the event log.
    const overrides = { from, stories: Object.values(ids) };
    const dry = await replay('parse', { ...overrides, dryRun: true });
    expect(dry.result.tally).toMatchObject({ changed: 1, unchanged: 1, fenced: 1, stories: [ids.fixed] });

    const done = await replay('parse', overrides);
    expect(done.result.tally).toMatchObject({ changed: 1, unchanged: 1, fenced: 1 });
    const fixedStory = await eventually(async () => {
      const story = (await liveStory(ids.fixed)).story;
      return story && story.article.contentHash !== recorded.fixed!.contentHash ? story : null;
    }, 'the re-parsed version published', 120_000);
    expect(fixedStory.version).toBe(1);
    expect(fixedStory.article.bodies[0]!.value.length).toBeGreaterThan(recorded.fixed!.bodies[0]!.value.length);
    expect(fixedStory.article.raw.submissionId).toBe(recorded.fixed!.raw.submissionId);
    expect((await feedFor(ids.fixed)).map((e) => e.reason)).toEqual(['NEW', 'UPDATE']);
    expect((await feedFor(ids.same)).map((e) => e.reason)).toEqual(['NEW']);
    expect((await liveStory(ids.killed)).status).toBe('killed');
    expect(await stories.state(ids.killed)).toMatchObject({ status: 'killed' });
  }, 300_000);

  it('lists running replays in status and steers them: pause, resume, cancel', async () => {
    const log = new StoryLog(runId('steered'), producer, codec, platform.topics.storyEvents.name);
    for (let i = 1; i <= 3; i++) await log.append(i === 1 ? openedWith('s1', article(runId('steer'), 'item', 1)) : updatedWith(`s${i}`, article(runId('steer'), 'item', i), i - 1));
    const started = await post('/ops/v1/replays/public-topics', { dryRun: true, batchSize: 1 });
    expect(started.status).toBe(202);
    const id = String(started.body.rebuildId);
    expect((await post(`/ops/v1/replays/${id}/pause`, {})).status).toBe(200);
    const running = await eventually(async () => {
      const status = await get('/ops/v1/status', keys.reader);
      return (status.body.replays as Array<{ rebuildId: string; target: string; progress: { paused: boolean; total: number; done: number } | null }>).find((r) => r.rebuildId === id && r.progress?.paused && r.progress.total > 0);
    }, 'the paused replay in status', 60_000);
    expect(running.target).toBe('public-topics');
    expect(running.progress!.total).toBeGreaterThan(0);
    expect(running.progress!.done).toBe(0);
    expect((await post(`/ops/v1/replays/${id}/cancel`, {})).status).toBe(200);
    const finished = (jobId: string) => jobFinished<Done>(service.url, keys.operator, jobId, 120_000);
    const cancelled = await finished(id);
    expect(cancelled.result).toMatchObject({ outcome: 'cancelled', events: 0 });

    const resumed = String((await post('/ops/v1/replays/public-topics', { dryRun: true, stories: [log.storyId] })).body.rebuildId);
    expect((await post(`/ops/v1/replays/${resumed}/pause`, {})).status).toBe(200);
    await eventually(async () => ((await get(`/ops/v1/replays/${resumed}`)).body.progress as { paused: boolean; total: number } | null)?.total, 'planned', 60_000);
    expect((await post(`/ops/v1/replays/${resumed}/resume`, {})).status).toBe(200);
    const done = await finished(resumed);
    expect(done.result.outcome).toBe('dry-run');
    expect(done.result.tally).toMatchObject({ changed: 3, stories: [log.storyId] });
    for (const key of [keys.reader, keys.consumer]) expect((await post('/ops/v1/replays/enrichment', { dryRun: true }, key)).status).toBe(403);
    expect((await get('/ops/v1/replays', keys.consumer)).status).toBe(403);
  }, 300_000);
});
