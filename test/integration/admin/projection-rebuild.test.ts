import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { startAdminService, type AdminService } from '../../../services/admin/admin-service.ts';
import { partitionBounds } from '../../../services/admin/kafka/topic-positions.ts';
import { readRanges } from '../../../services/admin/kafka/topic-range-reader.ts';
import { groupLag } from '../../../services/admin/operations/consumer-lag.ts';
import { projectionHash } from '../../../services/admin/operations/projection-hash.ts';
import { startApiService, type ApiService } from '../../../services/api/api-service.ts';
import { codecFor, type AvroCodec } from '../../../services/contracts/avro-codec.ts';
import { recordStoryEvents, toAvroStoryEvent, type AvroStoryEvent } from '../../../services/domain/story/index.ts';
import { activePrefix } from '../../../services/publish/active-projection.ts';
import { FeedLog } from '../../../services/publish/feed-log.ts';
import { nextOffset, parseFeedPosition } from '../../../services/publish/feed-position.ts';
import { ACTIVE_PROJECTION, projectionKeys } from '../../../services/publish/index-keys.ts';
import { startProjectionConsumer } from '../../../services/publish/projection-consumer.ts';
import { RedisProjection } from '../../../services/publish/redis-projection.ts';
import { storyEventDecoder } from '../../../services/publish/story-event-decoder.ts';
import { PIPELINE_CONSUMERS } from '../../../services/runtime/consumer-registry.ts';
import type { RunningConsumer } from '../../../services/shared/kafka/consumer-runner.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { startOperationsWorker, type RunningOperationsWorker } from '../../../workflows/operations/operations-worker.ts';
import { killedBy, openedWith, updatedWith } from '../../unit/domain/story-event-builders.ts';
import { killProcess, startTsProcess } from '../../support/child-process.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { openSse } from '../../support/sse-client.ts';
import { StoryLog, article, eventually } from '../publish/support.ts';
import { TEST_RATE_LIMITS, call, jobFinished, operatorKeys, type OperatorKeys } from './support.ts';

const workerEntry = fileURLToPath(new URL('../../support/operations-worker-process.ts', import.meta.url));
const taskQueue = runId('operations');
const GENERATED_STORIES = 300;

let platform: Platform;
let service: AdminService;
let api: ApiService;
let keys: OperatorKeys;
let producer: Producer;
let codec: AvroCodec<AvroStoryEvent>;
let live: RunningConsumer;
let worker: RunningOperationsWorker | undefined;
let child: ChildProcess | undefined;
/** One story written step by step, for the bounds. */
let traced: StoryLog;
const marks: Array<{ afterSequence: number; at: number }> = [];

const post = (path: string, body: unknown, key = keys.operator) => call(service.url, key, 'POST', path, body);
const get = (path: string, key = keys.operator) => call(service.url, key, 'GET', path);

interface Finished {
  status: string;
  result: { outcome: string; prefix: string; previousPrefix: string | null; events: number; seconds: number; foldSeconds: number | null; hash: { sha256: string; stories: number } | null; diff: { changed: Array<{ storyId: string; after: { sequence: number } }>; added: string[]; removed: string[] } | null };
}

async function replay(body: Record<string, unknown>, key = keys.operator): Promise<{ rebuildId: string; prefix: string }> {
  const started = await post('/ops/v1/replays/projection', body, key);
  expect(started.status).toBe(202);
  return started.body as { rebuildId: string; prefix: string };
}

const finished = (rebuildId: string) => jobFinished<Finished>(service.url, keys.operator, rebuildId);

/** Many stories written in bulk, so the rebuild has something to measure. */
async function generateStories(count: number): Promise<number> {
  const provider = runId('bulk');
  const messages = [];
  for (let i = 0; i < count; i++) {
    const storyId = runId(`bulk-${i}`);
    const v1 = article(provider, `item-${i}`, 1);
    const events = [...openedWith(`s${i}`, v1), ...updatedWith(`u${i}`, article(provider, `item-${i}`, 2), 1), ...(i % 10 === 0 ? [killedBy(`k${i}`, v1)] : [])];
    const recorded = recordStoryEvents(events, { storyId, afterSequence: 0, occurredAt: Date.now(), recordedAt: Date.now(), causationId: 'bulk', correlationId: null, producer: 'rebuild-test' });
    for (const event of recorded) messages.push({ key: storyId, value: codec.encode(toAvroStoryEvent(event)) });
  }
  for (let i = 0; i < messages.length; i += 500) await producer.send({ topic: platform.topics.storyEvents.name, acks: -1, messages: messages.slice(i, i + 500) });
  return messages.length;
}

async function liveCaughtUp(): Promise<void> {
  await eventually(async () => (await groupLag(await adminClient(), platform.topics.group('projection'), platform.topics.storyEvents.name)).totalLag === 0, 'live projection caught up', 120_000);
}

let admin: ReturnType<Platform['kafka']['admin']> | undefined;
async function adminClient() {
  if (!admin) {
    admin = platform.kafka.admin();
    await admin.connect();
  }
  return admin;
}

const liveHash = async () => projectionHash(platform.redis, await activePrefix(platform.redis));

describe('projection replay: blue/green rebuild as a Temporal workflow (real Kafka, Redis, Temporal)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    keys = operatorKeys();
    codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
    producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    service = await startAdminService(platform, keys.store, { consumers: PIPELINE_CONSUMERS, port: 0, operationsTaskQueue: taskQueue, operationsWorker: false, rateLimits: TEST_RATE_LIMITS });
    api = await startApiService(platform, keys.store, 0);
    live = await startProjectionConsumer({ platform, projection: new RedisProjection(platform.redis), decode: storyEventDecoder(codec), logger: platform.logger });

    await generateStories(GENERATED_STORIES);
    traced = new StoryLog(runId('traced'), producer, codec, platform.topics.storyEvents.name);
    const provider = runId('prov');
    await traced.append(openedWith('t1', article(provider, 'item-1', 1)));
    marks.push({ afterSequence: 4, at: Date.now() });
    await new Promise((r) => setTimeout(r, 1100));
    await traced.append(updatedWith('t2', article(provider, 'item-1', 2), 1));
    await liveCaughtUp();
  }, 300_000);

  afterAll(async () => {
    // A child already SIGKILLed has a signalCode and no exitCode: killing it again would wait forever.
    if (child && child.exitCode === null && child.signalCode === null) await killProcess(child);
    await worker?.stop();
    await live?.stop();
    await api?.stop();
    await service?.stop();
    await admin?.disconnect();
    await producer?.disconnect();
    await platform?.close();
  });

  it('refuses every replay operation without ops:write, and replay status without ops:read', async () => {
    for (const key of [keys.reader, keys.consumer, keys.provider]) {
      expect((await post('/ops/v1/replays/projection', { dryRun: true }, key)).status).toBe(403);
      expect((await post('/ops/v1/replays/abc-123456/cancel', {}, key)).status).toBe(403);
    }
    expect((await get('/ops/v1/replays/abc-123456', keys.consumer)).status).toBe(403);
    expect((await get('/ops/v1/replays/abc-123456', keys.reader)).status).toBe(404);
  });

  it('resumes a rebuild whose worker was SIGKILLed halfway and ends with the live hash', async () => {
    child = await startTsProcess(workerEntry, [taskQueue], 'operations worker ready');
    const bounds = await partitionBounds(await adminClient(), platform.topics.storyEvents.name);
    const to = bounds.map((b) => `${b.partition}:${b.high}`).join(',');
    // Batches of 10 make a fold of a few thousand events take seconds (one activity each), not the
    // 0.3 s a quiet machine needs with batches of 200: the kill must land while batches are left.
    const { rebuildId, prefix } = await replay({ to, batchSize: 10 });
    const progressAtKill = await eventually(async () => {
      const progress = (await get(`/ops/v1/replays/${rebuildId}`)).body.progress as { done: number; total: number } | null;
      return progress && progress.done > 0 ? progress : null;
    }, 'the rebuild started', 120_000);
    await killProcess(child, 'SIGKILL');
    expect(progressAtKill.done).toBeLessThan(progressAtKill.total);
    worker = await startOperationsWorker(platform, taskQueue);
    const done = await finished(rebuildId);
    expect(done.result.outcome).toBe('built');
    expect(done.result.hash).toEqual({ sha256: (await liveHash()).sha256, stories: (await liveHash()).stories });
    expect(await activePrefix(platform.redis)).not.toBe(prefix);
    await platform.redis.del(...(await platform.redis.keys(`${prefix}*`)));
  }, 300_000);

  it('bounds a replay by offset and by time, and a dry run changes nothing and prints the diff', async () => {
    worker ??= await startOperationsWorker(platform, taskQueue);
    const afterOpen = traced.written[3]!;
    const byOffset = await finished((await replay({ to: `${afterOpen.partition}:${BigInt(afterOpen.offset) + 1n}` })).rebuildId);
    expect(Number(await platform.redis.hget(projectionKeys(byOffset.result.prefix).story(traced.storyId), 'seq'))).toBe(4);

    const byTime = await finished((await replay({ from: 'earliest', to: new Date(marks[0]!.at + 500).toISOString() })).rebuildId);
    expect(Number(await platform.redis.hget(projectionKeys(byTime.result.prefix).story(traced.storyId), 'seq'))).toBe(4);

    const before = await liveHash();
    const dry = await finished((await replay({ to: `${afterOpen.partition}:${BigInt(afterOpen.offset) + 1n}`, dryRun: true })).rebuildId);
    expect(dry.result.outcome).toBe('dry-run');
    expect(dry.result.diff?.changed.find((c) => c.storyId === traced.storyId)?.after.sequence).toBe(4);
    expect(await platform.redis.keys(`${dry.result.prefix}*`)).toEqual([]);
    expect(await liveHash()).toEqual(before);
    for (const prefix of [byOffset.result.prefix, byTime.result.prefix]) await platform.redis.del(...(await platform.redis.keys(`${prefix}*`)));
  }, 300_000);

  it('keeps the change feed across a swap (a feed cursor and a Last-Event-ID from before resume after it, no gap, no repeat), and a feed rebuilt from the log has the same ids', async () => {
    const consumerGet = async (path: string) => {
      const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${keys.consumer}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Array<{ id: string; storyId: string; reason: string }>; next: string };
    };
    worker ??= await startOperationsWorker(platform, taskQueue);
    const provider = runId('feedprov');
    const story = new StoryLog(runId('feed'), producer, codec, platform.topics.storyEvents.name);
    await story.append(openedWith('f1', article(provider, 'item-1', 1)));
    await liveCaughtUp();
    const first = await eventually(async () => {
      const page = await consumerGet(`/v1/feed?provider=${provider}&limit=10`);
      return page.items.length === 1 ? page : null;
    }, 'the first version in the feed');
    const lastEventId = first.items[0]!.id;
    const liveFeed = new FeedLog(platform.redis);
    const entriesOfStory = async (feed: FeedLog) => (await platform.redis.xrange(feed.stream(story.written[0]!.partition), '-', '+')).filter(([, fields]) => fields.join(' ').includes(story.storyId));
    const feedBefore = await entriesOfStory(liveFeed);
    // One entry, keyed by the offset of the event that published the version.
    expect(feedBefore.map(([id]) => story.written.some((w) => id === `${w.offset}-1`))).toEqual([true]);

    const rebuilt = await finished((await replay({})).rebuildId);
    expect(rebuilt.result.outcome).toBe('swapped');
    await story.append(updatedWith('f2', article(provider, 'item-1', 2), 1));
    await liveCaughtUp();

    // The feed is not part of any projection prefix: the rebuild left every entry as it was.
    const feedAfter = await entriesOfStory(liveFeed);
    expect(feedAfter.slice(0, 1)).toEqual(feedBefore);
    expect(feedAfter).toHaveLength(2);
    const resumed = await eventually(async () => {
      const page = await consumerGet(first.next.replace(/limit=\d+/, 'limit=10'));
      return page.items.length > 0 ? page : null;
    }, 'the update after the cursor');
    expect(resumed.items.map((i) => [i.storyId, i.reason])).toEqual([[story.storyId, 'UPDATE']]);
    // Both ids are positions; for the story's partition both say "past the update's offset".
    const partition = story.written[0]!.partition;
    const pastUpdate = Number(feedAfter[1]![0].split('-')[0]) + 1;
    expect(nextOffset(parseFeedPosition(resumed.items[0]!.id)!, partition)).toBe(pastUpdate);

    const stream = openSse(`${api.url}/v1/stream?provider=${provider}`, { authorization: `Bearer ${keys.consumer}`, 'last-event-id': lastEventId });
    try {
      await stream.waitFor((e) => e.data.storyId === story.storyId);
      await new Promise((r) => setTimeout(r, 1_000));
      const seen = stream.events.filter((e) => e.data.storyId === story.storyId);
      expect(seen.map((e) => e.data.reason)).toEqual(['UPDATE']);
      expect(nextOffset(parseFeedPosition(seen[0]!.id)!, partition)).toBe(pastUpdate);
    } finally {
      stream.close();
    }

    // The story's events applied again from the log, into a fresh prefix and a feed of their own: the same entries, id for id.
    const rebuiltFeed = new FeedLog(platform.redis, `sl:feed:{feed}:${runId('rebuilt')}`);
    const rebuiltPrefix = `sl:p${runId('fd').toLowerCase().replace(/[^a-z0-9]/g, '').slice(-12)}-000000:`;
    const again = new RedisProjection(platform.redis, { target: { kind: 'fixed', prefix: rebuiltPrefix }, feed: rebuiltFeed });
    for (const { event, partition: p, offset } of story.written) await again.apply(event, { partition: p, offset });
    expect(await entriesOfStory(rebuiltFeed)).toEqual(feedAfter);
    await platform.redis.del(...(await platform.redis.keys(`${rebuiltPrefix}*`)), ...(await platform.redis.keys('sl:feed:{feed}:rebuilt*')));
  }, 400_000);

  it('swaps a full rebuild in while a client reads the API (no error, no gap), deletes the old prefix, and two rebuilds hash like the live view', async () => {
    const before = await liveHash();
    const oldPrefix = await activePrefix(platform.redis);
    let reading = true;
    const statuses: number[] = [];
    const reader = (async () => {
      while (reading) {
        const response = await fetch(`${api.url}/v1/stories/${traced.storyId}`, { headers: { authorization: `Bearer ${keys.consumer}` } });
        statuses.push(response.status);
        await response.arrayBuffer();
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const first = await finished((await replay({})).rebuildId);
    reading = false;
    await reader;
    expect(first.result.outcome).toBe('swapped');
    expect(first.result.previousPrefix).toBe(oldPrefix);
    expect(await platform.redis.get(ACTIVE_PROJECTION)).toBe(first.result.prefix);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await platform.redis.keys(`${oldPrefix}story:*`)).toEqual([]);
    expect(first.result.hash).toEqual({ sha256: before.sha256, stories: before.stories });

    // The live projection now writes into the new prefix.
    await traced.append([killedBy('t3', article('x', 'item-1', 1))]);
    await liveCaughtUp();
    expect(await platform.redis.hget(projectionKeys(first.result.prefix).story(traced.storyId), 'status')).toBe('killed');

    const second = await finished((await replay({})).rebuildId);
    expect(second.result.hash).toEqual({ sha256: (await liveHash()).sha256, stories: (await liveHash()).stories });
    const hashAnswer = await get('/ops/v1/projection/hash', keys.reader);
    expect(hashAnswer.body.sha256).toBe(second.result.hash?.sha256);

    // Closing figure: rebuild rate beside a plain consume (decode only) of the same topic, in this run.
    const bounds = await partitionBounds(await adminClient(), platform.topics.storyEvents.name);
    const decode = storyEventDecoder(codec);
    const started = performance.now();
    let plain = 0;
    await readRanges(platform.kafka, platform.topics.storyEvents.name, bounds.map((b) => ({ partition: b.partition, from: b.low, to: b.high })), async (records) => {
      for (const record of records) await decode(record.value!).catch(() => null);
      plain += records.length;
      return 'more';
    }, { groupPrefix: platform.topics.prefix });
    const plainSeconds = (performance.now() - started) / 1000;
    console.log(`[figures] story.events.v1 ${plain} records: plain consume+decode ${(plain / plainSeconds).toFixed(0)} events/s (${plainSeconds.toFixed(1)} s); projection rebuild ${(second.result.events / second.result.foldSeconds!).toFixed(0)} events/s folded up to the swap (${second.result.events} events, ${second.result.foldSeconds!.toFixed(1)} s incl. planning and catch-up), ${(second.result.events / second.result.seconds).toFixed(0)} events/s end to end (${second.result.seconds.toFixed(1)} s incl. the 5 s swap grace and the hash)`);
  }, 400_000);
});
