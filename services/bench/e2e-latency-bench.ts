import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import type { Consumer, Kafka } from 'kafkajs';
import { codecFor } from '../contracts/avro-codec.ts';
import type { StoryUpdate } from '../contracts/types.generated.ts';
import type { AvroStoryEvent, RecordedStoryEvent } from '../domain/story/index.ts';
import { readReuters, type ReutersDocument } from '../eval/dedupe/reuters-reader.ts';
import { freePort } from '../../infra/free-port.ts';
import { ServiceFleet } from '../chaos/service-fleet.ts';
import { storyEventDecoder } from '../publish/story-event-decoder.ts';
import { PIPELINE_CONSUMERS } from '../runtime/consumer-registry.ts';
import { SERVICE_NAMES } from '../runtime/service-process.ts';
import { PrincipalStore } from '../shared/auth/principal-store.ts';
import { loadConfig, type Config } from '../shared/config.ts';
import { RECORD_COMPRESSION } from '../shared/kafka/message-limits.ts';
import { ensureTopics } from '../shared/kafka/topic-admin.ts';
import { createRootLogger } from '../shared/logger.ts';
import { createPlatform, type Platform } from '../shared/platform/platform.ts';
import { storyTaskQueue } from '../../workflows/story/story-signals.ts';
import { consumerHandleTotals, handleTimeBetween, highestSustainableRate, openLoopSchedule, summarize, type LatencySummary, type Phase } from './open-loop.ts';
import { median } from './measure.ts';
import { cpuBetween, sampleCpu, type CpuUse } from './process-cpu.ts';
import { now, paceOpenLoop } from './open-loop-pacer.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { sseMessages } from '../shared/http/sse-events.ts';

/** The issue's goal: p99 POST → readable within 500 ms at 100 articles/s. */
export const E2E_P99_GOAL_MS = 500;
/** A marker key in the benchmark's Redis database: a database holding anything else is someone's, and is left alone. */
const MARKER_KEY = 'bench:e2e:owner';

export interface E2eBenchOptions {
  /** Offered loads, articles per second, run in ascending order. */
  readonly rates: readonly number[];
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  /** After a rate's last request, how long its outcomes may still arrive; a rate that leaves any unobserved saturated the pipeline and ends the run. */
  readonly drainSeconds: number;
  /** Seconds of the Kafka round-trip baseline at each rate. */
  readonly baselineSeconds: number;
  /** The copy POSTed, in order: Reuters-21578 for the benchmark (`reutersSource`), generated wire copy where the corpus is not at hand (the servers tier's test). */
  readonly source: BenchSource;
  /** The Redis database of the benchmark's environment: empty (or the benchmark's own from an aborted run), flushed afterwards. */
  readonly redisDb: number;
  /** Story workflow histories read for the per-article Temporal counts. */
  readonly historySample: number;
  /** Write the pipeline process's V8 CPU profile here (`--cpu-prof`). */
  readonly cpuProfDir?: string;
  /** The servers' process ids by name (Kafka, Redis, the registry, Temporal), for the CPU each spends per article. */
  readonly serverPids?: ReadonlyMap<string, number | undefined>;
  readonly log: (line: string) => void;
}

/** `invalid`: refused as the copy's fault (a 4xx other than 429: Reuters-21578 holds a few items with control characters); never counted against the pipeline. */
type Outcome = 'published' | 'no-version' | 'undecided' | 'refused' | 'invalid';

interface SentRequest {
  readonly index: number;
  readonly phase: Phase;
  readonly scheduledAt: number;
  sentAt?: number;
  ackAt?: number;
  status?: number;
  submissionId?: string;
  error?: string;
}

interface Decision {
  readonly storyId: string;
  readonly occurredAt: number;
  readonly createTime: number;
}

export interface E2eRateResult {
  readonly offeredRate: number;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  /** Requests of the measure window (warm-up excluded everywhere below); those refused as invalid copy (`outcomes.invalid`) are in `ack` only. */
  readonly requests: number;
  readonly acknowledged: number;
  readonly refused: Readonly<Record<string, number>>;
  /** How late the sender sent its requests against the schedule (ms; the latencies count from the schedule). */
  readonly sendLag: LatencySummary;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Why an acknowledged item got no version of its own: the decision events it caused. */
  readonly noVersionKinds: Readonly<Record<string, number>>;
  /** POST → 202. */
  readonly ack: LatencySummary;
  /** POST → the story's decision on story.events.v1 (ArticleReceived or a recorded rejection), every acknowledged item. */
  readonly decided: LatencySummary;
  /** POST → the version readable (the projection's feed entry on /v1/stream), items that became a version. */
  readonly readable: LatencySummary;
  /** POST → its record on story-updates.v1 read read_committed, items that became a version. */
  readonly update: LatencySummary;
  /** Items whose outcome was observed, per second, from the first scheduled request of the window to the last outcome. */
  readonly achievedRate: number;
  /** Medians in ms of the stages of a published item, from the records' own timestamps. */
  readonly stagesMedianMs: Readonly<Record<string, number | null>>;
  /** Plain Kafka at the same offered rate: produce (idempotent, acks=all, gzip) → consume (read_committed) of a record of the same bytes. */
  readonly baseline: LatencySummary;
  /** readable p99 / baseline p99 (null when either is not finite). */
  readonly ratioP99: number | null;
  /** Sampled GET /v1/stories/{id} right after a feed entry: how many answered at least that version. */
  readonly readChecks: { readonly checked: number; readonly atVersion: number };
  /** Per consumer of the pipeline process, from its /metrics over the rate's run (warm-up and drain included): messages handled and mean handler time. */
  readonly consumerHandle: Readonly<Record<string, { messages: number; meanMs: number | null }>>;
  /** CPU of the pipeline process, each server and the benchmark's own process from the first request to the end of the drain (warm-up included), per acknowledged article. */
  readonly cpu: CpuUse;
  readonly saturated: boolean;
}

export interface TemporalCounts {
  readonly workflows: number;
  readonly sampled: number;
  readonly signals: number;
  readonly workflowTasks: number;
  readonly activities: number;
  readonly workflowTasksPerSignal: number | null;
  readonly activitiesPerSignal: number | null;
}

export interface E2eReport {
  readonly data: string;
  readonly environment: string;
  readonly pipeline: string;
  readonly items: number;
  readonly goalP99Ms: number;
  readonly rates: readonly E2eRateResult[];
  /** Rates not run because a lower one saturated the pipeline. */
  readonly skippedRates: readonly number[];
  readonly highestSustainableRate: number | null;
  /** Story events appended per acknowledged item (the story workflow's log writes; the publisher's transactions per batch are not counted). */
  readonly storyEventsPerItem: number | null;
  readonly temporal: TemporalCounts | null;
  readonly cleanup: readonly string[];
}


/** One piece of copy the benchmark POSTs. */
export interface BenchArticle {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

export interface BenchSource {
  /** What the copy is, printed with the figures. */
  readonly label: string;
  readonly articles: readonly BenchArticle[];
}

/** Reuters-21578 in time order (the dedupe evaluation's order), items with a headline and a body; fails when the data is not there. */
export async function reutersSource(dataDir: string): Promise<BenchSource> {
  const dir = join(dataDir, 'reuters21578', 'sgm-data');
  if (!existsSync(dir)) throw new Error(`Reuters-21578 not found at ${dir}; pass --data or set STORYLINE_DATA_DIR to the shared data folder`);
  const docs: ReutersDocument[] = (await readReuters(dir)).filter((d) => d.title.length > 0 && d.body.length > 0);
  docs.sort((a, b) => a.article.versioncreated - b.article.versioncreated || a.newId - b.newId);
  return { label: `Reuters-21578 (${dir}): ${docs.length} items with headline and body, in time order`, articles: docs.map((d) => ({ id: `reuters-${d.newId}`, title: d.title, body: d.body })) };
}

/** The document a producer would POST: ninjs with the item's own identity (per run, so runs never meet), no date: ingest stamps reception. */
export function ninjsOf(article: BenchArticle, runId: string): string {
  return JSON.stringify({ uri: `urn:bench:${runId}:${article.id}`, version: '1', pubstatus: 'usable', type: 'text', language: 'en', headline: article.title, body_text: article.body });
}

/** A minimal Server-Sent Events reader over fetch (which can send Authorization), reconnecting with Last-Event-ID. */
function followStream(url: string, key: string, onEvent: (data: Record<string, unknown>, at: number) => void): { close(): void } {
  const controller = new AbortController();
  let lastId: string | undefined;
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(url, { headers: { authorization: `Bearer ${key}`, ...(lastId ? { 'last-event-id': lastId } : {}) }, signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`SSE ${response.status}`);
        for await (const message of sseMessages(response.body)) {
          lastId = message.id ?? lastId;
          if (message.data) onEvent(JSON.parse(message.data) as Record<string, unknown>, now());
        }
      } catch {
        // Closed by us, or dropped by the server: resume from the last id.
      }
      if (!controller.signal.aborted) await sleep(200);
    }
  })();
  return { close: () => controller.abort() };
}

/** What the pipeline did, as read from its topics and its feed while the load runs. */
class Observer {
  readonly decided = new Map<string, Decision>();
  /** Decision event types per submission (its causation id). */
  readonly caused = new Map<string, Set<string>>();
  /** submission id → its VersionPublished (event id = the update id, CreateTime). */
  readonly published = new Map<string, { eventId: string; createTime: number; storyId: string }>();
  readonly updates = new Map<string, { createTime: number; seenAt: number }>();
  readonly feed = new Map<string, number>();
  readonly readChecks = { checked: 0, atVersion: 0 };
  events = 0;
  private consumers: Consumer[] = [];
  private stream: { close(): void } | undefined;

  async start(platform: Platform, groupPrefix: string, apiUrl: string, readerKey: string): Promise<void> {
    const decodeEvent = storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents));
    const updateCodec = await codecFor<StoryUpdate>(platform.catalog, platform.registry, platform.topics.storyUpdates);
    const follow = async (topic: string, group: string, handle: (value: Buffer, createTime: number, seenAt: number) => Promise<void>) => {
      const consumer = platform.kafka.consumer({ groupId: `${groupPrefix}${group}`, readUncommitted: false, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          const seenAt = now();
          for (const message of batch.messages) if (message.value) await handle(message.value, Number(message.timestamp), seenAt);
        },
      });
      this.consumers.push(consumer);
    };
    await follow(platform.topics.storyEvents.name, 'bench-e2e-events', async (bytes, createTime) => this.onEvent(await decodeEvent(bytes), createTime));
    await follow(platform.topics.storyUpdates.name, 'bench-e2e-updates', async (bytes, createTime, seenAt) => {
      const update = await updateCodec.decode(bytes);
      if (!this.updates.has(update.updateId)) this.updates.set(update.updateId, { createTime, seenAt });
    });
    let feedEntries = 0;
    this.stream = followStream(`${apiUrl}/v1/stream`, readerKey, (data, at) => {
      const updateId = typeof data.updateId === 'string' ? data.updateId : null;
      if (!updateId || this.feed.has(updateId)) return;
      this.feed.set(updateId, at);
      // Every 20th entry: is the story readable at that version the moment its feed entry arrived?
      if (feedEntries++ % 20 === 0 && typeof data.storyId === 'string' && typeof data.version === 'number') void this.checkReadable(apiUrl, readerKey, data.storyId, data.version);
    });
  }

  private async checkReadable(apiUrl: string, key: string, storyId: string, version: number): Promise<void> {
    const response = await fetch(`${apiUrl}/v1/stories/${encodeURIComponent(storyId)}`, { headers: { authorization: `Bearer ${key}` } }).catch(() => null);
    this.readChecks.checked++;
    if (response?.status === 200) {
      const body = (await response.json()) as { version?: unknown };
      if (typeof body.version === 'number' && body.version >= version) this.readChecks.atVersion++;
    }
  }

  private onEvent(event: RecordedStoryEvent, createTime: number): void {
    this.events++;
    const cause = event.causationId;
    this.caused.set(cause, (this.caused.get(cause) ?? new Set()).add(event.type));
    if (event.type === 'ArticleReceived' && event.payload.signalId === event.payload.submissionId && !this.decided.has(cause)) this.decided.set(cause, { storyId: event.storyId, occurredAt: event.occurredAt, createTime });
    if (event.type === 'CommandRejected' && event.payload.command === 'SubmitArticle' && !this.decided.has(cause)) this.decided.set(cause, { storyId: event.storyId, occurredAt: event.occurredAt, createTime });
    if (event.type === 'VersionPublished' && !this.published.has(cause)) this.published.set(cause, { eventId: event.eventId, createTime, storyId: event.storyId });
  }

  /** Where an acknowledged submission stands; 'published' only once its update and feed entry were both seen. */
  outcome(submissionId: string): { settled: boolean; outcome: Outcome } {
    const version = this.published.get(submissionId);
    if (version) return { settled: this.updates.has(version.eventId) && this.feed.has(version.eventId), outcome: 'published' };
    const decision = this.decided.get(submissionId);
    if (!decision) return { settled: false, outcome: 'undecided' };
    // A decision to publish appends VersionAccepted and VersionPublished with ArticleReceived; until VersionPublished shows, wait.
    const kinds = this.caused.get(submissionId) ?? new Set();
    return kinds.has('VersionAccepted') || kinds.has('CorrectionAccepted') ? { settled: false, outcome: 'undecided' } : { settled: true, outcome: 'no-version' };
  }

  async stop(): Promise<void> {
    this.stream?.close();
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
  }
}

/** Sends the requests of one rate open loop: each at its time, whether or not earlier ones answered. */
async function sendOpenLoop(ingestUrl: string, key: string, bodies: readonly string[], rate: number, warmupSeconds: number, measureSeconds: number): Promise<SentRequest[]> {
  const schedule = openLoopSchedule(rate, warmupSeconds, measureSeconds);
  if (schedule.length > bodies.length) throw new Error(`rate ${rate}/s for ${warmupSeconds + measureSeconds} s needs ${schedule.length} items, ${bodies.length} left in the stream`);
  const requests: SentRequest[] = [];
  const inFlight: Promise<void>[] = [];
  await paceOpenLoop(schedule, (slot, scheduledAt) => {
    const request: SentRequest = { index: slot.index, phase: slot.phase, scheduledAt };
    requests.push(request);
    request.sentAt = now();
    inFlight.push(
      fetch(`${ingestUrl}/v1/items`, { method: 'POST', body: bodies[slot.index]!, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ninjs+json' }, signal: AbortSignal.timeout(30_000) })
        .then(async (response) => {
          request.ackAt = now();
          request.status = response.status;
          const body = (await response.json().catch(() => ({}))) as { submissionId?: unknown; code?: unknown };
          if (response.status === 202 && typeof body.submissionId === 'string') request.submissionId = body.submissionId;
          else request.error = `${response.status} ${typeof body.code === 'string' ? body.code : ''}`.trim();
        })
        .catch((error: unknown) => {
          request.error = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'connection failed';
        }),
    );
  });
  await Promise.all(inFlight);
  return requests;
}

/** Plain Kafka at the same offered rate: each record produced on schedule, its latency to a read_committed consumer. */
async function kafkaRoundTrips(kafka: Kafka, topic: string, groupId: string, payload: Buffer, rate: number, seconds: number): Promise<LatencySummary> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const runTag = randomBytes(4).toString('hex');
  const arrived = new Map<string, number>();
  await Promise.all([consumer.connect(), producer.connect()]);
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    let joined!: () => void;
    const joinedOnce = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: ({ batch }) => {
        const at = now();
        for (const message of batch.messages) if (message.key) arrived.set(message.key.toString(), at);
        return Promise.resolve();
      },
    });
    await joinedOnce;
    // A probe: the consumer's fetch position is set once it has seen the topic's end.
    await producer.send({ topic, acks: -1, compression: RECORD_COMPRESSION, messages: [{ key: `${runTag}-probe`, value: payload }] });
    for (let waited = 0; !arrived.has(`${runTag}-probe`) && waited < 30_000; waited += 100) await sleep(100);
    const schedule = openLoopSchedule(rate, 0, seconds);
    const sends: Promise<unknown>[] = [];
    const start = await paceOpenLoop(schedule, (slot) => {
      sends.push(producer.send({ topic, acks: -1, compression: RECORD_COMPRESSION, messages: [{ key: `${runTag}-${slot.index}`, value: payload }] }));
    });
    await Promise.all(sends);
    for (let waited = 0; schedule.some((s) => !arrived.has(`${runTag}-${s.index}`)) && waited < 30_000; waited += 100) await sleep(100);
    const latencies = schedule.flatMap((s) => {
      const at = arrived.get(`${runTag}-${s.index}`);
      return at === undefined ? [] : [at - (start + s.offsetMs)];
    });
    return summarize(latencies, schedule.length - latencies.length);
  } finally {
    await Promise.all([consumer.disconnect(), producer.disconnect()]).catch(() => undefined);
  }
}

function resultOf(rate: number, options: E2eBenchOptions, requests: readonly SentRequest[], observer: Observer, baseline: LatencySummary, consumerHandle: E2eRateResult['consumerHandle'], cpu: CpuUse, saturated: boolean): E2eRateResult {
  const measured = requests.filter((r) => r.phase === 'measure');
  const refused: Record<string, number> = {};
  const outcomes: Record<Outcome, number> = { published: 0, 'no-version': 0, undecided: 0, refused: 0, invalid: 0 };
  const noVersionKinds: Record<string, number> = {};
  const ack: number[] = [];
  const decided: number[] = [];
  const readable: number[] = [];
  const update: number[] = [];
  const stages: Record<string, number[]> = { 'POST → 202 (ingest)': [], '202 → decision (router, signal, workflow task)': [], 'decision → event appended (activity)': [], 'event → story-updates record (publisher)': [], 'record → seen read_committed': [], 'event → feed entry on /v1/stream (projection)': [] };
  let missingDecided = 0;
  let missingReadable = 0;
  let missingUpdate = 0;
  let lastOutcome = 0;
  for (const r of measured) {
    if (r.ackAt !== undefined && (r.status === 202 || (r.status !== undefined && r.status >= 400 && r.status < 500 && r.status !== 429))) ack.push(r.ackAt - r.scheduledAt);
    if (!r.submissionId) {
      refused[r.error ?? 'unknown'] = (refused[r.error ?? 'unknown'] ?? 0) + 1;
      if (r.status !== undefined && r.status >= 400 && r.status < 500 && r.status !== 429) {
        outcomes.invalid++;
        continue;
      }
      outcomes.refused++;
      missingDecided++;
      missingReadable++;
      missingUpdate++;
      continue;
    }
    const decision = observer.decided.get(r.submissionId);
    const { outcome } = observer.outcome(r.submissionId);
    outcomes[outcome]++;
    if (decision) {
      decided.push(decision.createTime - r.scheduledAt);
      lastOutcome = Math.max(lastOutcome, decision.createTime);
    } else missingDecided++;
    if (outcome === 'no-version') {
      const kinds = [...(observer.caused.get(r.submissionId) ?? [])].filter((k) => k !== 'ArticleReceived').sort().join('+') || 'ArticleReceived only';
      noVersionKinds[kinds] = (noVersionKinds[kinds] ?? 0) + 1;
    }
    if (outcome === 'undecided') {
      missingReadable++;
      missingUpdate++;
      continue;
    }
    if (outcome !== 'published') continue;
    const version = observer.published.get(r.submissionId)!;
    const seenUpdate = observer.updates.get(version.eventId);
    const fed = observer.feed.get(version.eventId);
    if (fed !== undefined) {
      readable.push(fed - r.scheduledAt);
      lastOutcome = Math.max(lastOutcome, fed);
    } else missingReadable++;
    if (seenUpdate) update.push(seenUpdate.seenAt - r.scheduledAt);
    else missingUpdate++;
    if (r.ackAt === undefined || !decision) continue;
    stages['POST → 202 (ingest)']!.push(r.ackAt - r.scheduledAt);
    stages['202 → decision (router, signal, workflow task)']!.push(decision.occurredAt - r.ackAt);
    stages['decision → event appended (activity)']!.push(version.createTime - decision.occurredAt);
    if (seenUpdate) {
      stages['event → story-updates record (publisher)']!.push(seenUpdate.createTime - version.createTime);
      stages['record → seen read_committed']!.push(seenUpdate.seenAt - seenUpdate.createTime);
    }
    if (fed !== undefined) stages['event → feed entry on /v1/stream (projection)']!.push(fed - version.createTime);
  }
  const first = measured[0]?.scheduledAt ?? 0;
  const observed = measured.length - outcomes.invalid - missingDecided;
  const span = (lastOutcome - first) / 1000 + 1 / rate;
  const readableSummary = summarize(readable, missingReadable);
  const sendLag = summarize(measured.flatMap((r) => (r.sentAt === undefined ? [] : [r.sentAt - r.scheduledAt])));
  return {
    offeredRate: rate,
    warmupSeconds: options.warmupSeconds,
    measureSeconds: options.measureSeconds,
    requests: measured.length,
    acknowledged: measured.filter((r) => r.submissionId).length,
    refused,
    sendLag,
    outcomes,
    noVersionKinds,
    ack: summarize(ack, measured.length - ack.length),
    decided: summarize(decided, missingDecided),
    readable: readableSummary,
    update: summarize(update, missingUpdate),
    achievedRate: lastOutcome > first ? Math.round((observed / span) * 100) / 100 : 0,
    stagesMedianMs: Object.fromEntries(Object.entries(stages).map(([name, values]) => [name, values.length > 0 ? Math.round(median(values) * 10) / 10 : null])),
    baseline,
    ratioP99: readableSummary.p99 !== null && baseline.p99 !== null && baseline.p99 > 0 ? Math.round((readableSummary.p99 / baseline.p99) * 100) / 100 : null,
    readChecks: { ...observer.readChecks },
    consumerHandle,
    cpu,
    saturated,
  };
}

/** Reads a sample of the environment's story workflow histories (signals, workflow tasks, activities), then terminates every one of them. */
async function temporalCountsAndCleanup(config: Config, sample: number, log: (line: string) => void): Promise<TemporalCounts | null> {
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query: `TaskQueue = '${storyTaskQueue(config.kafkaPrefix)}'` })) ids.push(execution.workflowId);
    let signals = 0;
    let workflowTasks = 0;
    let activities = 0;
    const sampled = ids.slice(0, sample);
    for (const id of sampled) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      for (const event of history.events ?? []) {
        if (event.workflowExecutionSignaledEventAttributes || event.workflowExecutionStartedEventAttributes) signals++;
        if (event.workflowTaskCompletedEventAttributes) workflowTasks++;
        if (event.activityTaskScheduledEventAttributes) activities++;
      }
    }
    let terminated = 0;
    for (const id of ids) {
      await client.workflow.getHandle(id).terminate('storyline bench e2e: the run is over').then(() => terminated++, () => undefined);
    }
    log(`e2e: terminated ${terminated} of ${ids.length} story workflows of ${config.kafkaPrefix}`);
    const ratio = (n: number) => (signals > 0 ? Math.round((n / signals) * 100) / 100 : null);
    // signalWithStart records the first command as the start event's signal: counted with the signals.
    return { workflows: ids.length, sampled: sampled.length, signals, workflowTasks, activities, workflowTasksPerSignal: ratio(workflowTasks), activitiesPerSignal: ratio(activities) };
  } finally {
    await connection.close();
  }
}

/** Deletes the environment's topics and consumer groups. */
async function dropKafkaEnvironment(kafka: Kafka, prefix: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    return `${topics.length} topics and ${groups.length} consumer groups of ${prefix} deleted`;
  } finally {
    await admin.disconnect();
  }
}

/**
 * End-to-end latency under open-loop load: Reuters-21578 in time order POSTed as ninjs to the ingest
 * API of a pipeline running as one `storyline run <every service>` process (the main job's services)
 * in an environment of its own (topic, group and workflow prefix, Redis database, principals file),
 * beside plain Kafka round trips at the same rate. Removes the environment afterwards.
 */
export async function e2eLatencyBench(options: E2eBenchOptions): Promise<E2eReport> {
  const log = options.log;
  if (options.redisDb === 0) throw new Error('the e2e benchmark needs a Redis database of its own, not 0 (the main job’s)');
  const stream = options.source.articles;
  const rates = [...options.rates].sort((a, b) => a - b);
  const runId = randomBytes(3).toString('hex');
  const environment = `bench-e2e-${runId}`;
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-e2e-'));
  const principalsFile = join(dir, 'principals.json');
  const env: NodeJS.ProcessEnv = { ...process.env, STORYLINE_ENV: environment, STORYLINE_REDIS_DB: String(options.redisDb), STORYLINE_PRINCIPALS_FILE: principalsFile, STORYLINE_LOG_LEVEL: 'warn', ...(options.cpuProfDir ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${options.cpuProfDir}`.trim() } : {}) };
  const config = loadConfig(env);
  const redis = new Redis(config.redis.url);
  const cleanup: string[] = [];
  try {
    const keys = await redis.dbsize();
    if (keys > 0 && (await redis.exists(MARKER_KEY)) === 0) throw new Error(`Redis database ${options.redisDb} holds ${keys} keys that are not the benchmark's; choose an empty one (--e2e-redis-db)`);
    await redis.flushdb();
    await redis.set(MARKER_KEY, environment);
  } catch (error) {
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const principals = new PrincipalStore(principalsFile);
  const providerKey = principals.issueKey('reuters-bench', 'Reuters (e2e benchmark)', 'provider');
  const readerKey = principals.issueKey('bench-e2e-reader', 'e2e benchmark reader', 'consumer');
  const platform = await createPlatform(config, createRootLogger('warn', 2), { clientId: 'storyline-bench-e2e', consumers: PIPELINE_CONSUMERS });
  const [ingestPort, apiPort, opsPort] = [await freePort(), await freePort(), await freePort()];
  const handleTotals = async () => consumerHandleTotals(await fetch(`http://127.0.0.1:${opsPort}/metrics`).then((r) => r.text(), () => ''));
  const fleet = new ServiceFleet(env, (line) => log(`e2e: ${line}`));
  const observer = new Observer();
  const results: E2eRateResult[] = [];
  const skippedRates: number[] = [];
  let temporal: TemporalCounts | null;
  let acknowledgedTotal = 0;
  try {
    const started = now();
    await fleet.start({ name: 'pipeline', services: SERVICE_NAMES, args: ['--ops-port', String(opsPort), '--ingest-port', String(ingestPort), '--api-port', String(apiPort)] });
    log(`e2e: environment ${environment} (Redis db ${options.redisDb}, namespace ${config.temporal.namespace}); pipeline process ready in ${((now() - started) / 1000).toFixed(1)} s`);
    const ingestUrl = `http://127.0.0.1:${ingestPort}`;
    await observer.start(platform, config.kafkaPrefix, `http://127.0.0.1:${apiPort}`, readerKey);
    const baselineTopic = `${config.kafkaPrefix}bench.e2e.baseline`;
    const admin = platform.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: baselineTopic, partitions: 3, cleanupPolicy: 'delete', retentionMs: 3600_000 }]);
    await admin.disconnect();
    let next = 0;
    for (const [i, rate] of rates.entries()) {
      const needed = openLoopSchedule(rate, options.warmupSeconds, options.measureSeconds).length;
      const bodies = stream.slice(next, next + needed).map((doc) => ninjsOf(doc, runId));
      next += needed;
      const baseline = await kafkaRoundTrips(platform.kafka, baselineTopic, `${config.kafkaPrefix}bench-e2e-baseline-${rate}`, Buffer.from(bodies[0] ?? ''), rate, options.baselineSeconds);
      log(`e2e: ${rate}/s: Kafka round trip p50 ${baseline.p50} ms, p99 ${baseline.p99} ms; sending ${needed} items (${options.warmupSeconds} s warm-up, ${options.measureSeconds} s measured)`);
      const handleBefore = await handleTotals();
      const processes = new Map<string, number | undefined>([['pipeline', fleet.pidOf('pipeline')], ...(options.serverPids ?? []), ['benchmark (load, observer)', process.pid]]);
      const cpuBefore = sampleCpu(processes);
      const requests = await sendOpenLoop(ingestUrl, providerKey, bodies, rate, options.warmupSeconds, options.measureSeconds);
      const acknowledged = requests.filter((r) => r.submissionId).length;
      acknowledgedTotal += acknowledged;
      const drainUntil = now() + options.drainSeconds * 1000;
      const pending = () => requests.filter((r) => r.submissionId && !observer.outcome(r.submissionId).settled);
      while (pending().length > 0 && now() < drainUntil) await sleep(250);
      const cpu = cpuBetween(cpuBefore, sampleCpu(processes), acknowledged);
      const saturated = requests.some((r) => r.phase === 'measure' && r.submissionId && !observer.outcome(r.submissionId).settled);
      const result = resultOf(rate, options, requests, observer, baseline, handleTimeBetween(handleBefore, await handleTotals()), cpu, saturated);
      results.push(result);
      log(`e2e: ${rate}/s: readable p50 ${result.readable.p50} p99 ${result.readable.p99} ms (${result.readable.missing} unobserved), achieved ${result.achievedRate}/s${saturated ? `; saturated: outcomes still missing ${options.drainSeconds} s after the last request` : ''}`);
      if (saturated || pending().length > 0) {
        skippedRates.push(...rates.slice(i + 1));
        break;
      }
    }
  } finally {
    await observer.stop();
    const codes = await fleet.stopAll().catch(() => ({}));
    cleanup.push(`pipeline process stopped (exit ${JSON.stringify(codes)})`);
    temporal = await temporalCountsAndCleanup(config, options.historySample, log).catch((error: unknown) => {
      cleanup.push(`story workflows not terminated: ${String(error)}`);
      return null;
    });
    cleanup.push(await dropKafkaEnvironment(platform.kafka, config.kafkaPrefix).catch((error: unknown) => `topics not deleted: ${String(error)}`));
    await redis.flushdb().then(() => cleanup.push(`Redis database ${options.redisDb} flushed`), (error: unknown) => cleanup.push(`Redis database not flushed: ${String(error)}`));
    redis.disconnect();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    data: options.source.label,
    environment,
    pipeline: `one \`storyline run ${SERVICE_NAMES.join(' ')}\` process (the main job's services), environment ${environment}, Temporal namespace ${config.temporal.namespace}`,
    items: results.reduce((n, r) => n + Math.round(r.offeredRate * (r.warmupSeconds + r.measureSeconds)), 0),
    goalP99Ms: E2E_P99_GOAL_MS,
    rates: results,
    skippedRates,
    highestSustainableRate: highestSustainableRate(results.map((r) => ({ offeredRate: r.offeredRate, achievedRate: r.achievedRate, latency: r.readable })), E2E_P99_GOAL_MS),
    storyEventsPerItem: acknowledgedTotal > 0 ? Math.round((observer.events / acknowledgedTotal) * 100) / 100 : null,
    temporal,
    cleanup,
  };
}

const cell = (v: number | null) => (v === null ? '∞' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);

/** CPU per article by process, and how many of the machine's cores were busy. */
export function formatCpu(cpu: CpuUse): string {
  const parts = Object.entries(cpu.processes).map(([name, use]) => `${name} ${use === null ? '–' : `${use.msPerArticle ?? '–'} ms (${use.cores} cores)`}`);
  return `CPU per acknowledged article over ${cpu.seconds} s and ${cpu.articles} articles: ${parts.join(', ')}; the machine busy ${cpu.machineCores ?? '–'} cores in all`;
}

/** The section as text: one line per rate and what each figure is over. */
export function formatE2eReport(report: E2eReport): string {
  const lines = [
    `end-to-end latency (${report.pipeline})`,
    'rate/s  achieved  POST→202 p50/p99      POST→readable p50 / p95 / p99 / max        POST→story-updates p99  Kafka round trip p50/p99   readable p99 / Kafka p99',
  ];
  for (const r of report.rates) {
    lines.push(
      `${String(r.offeredRate).padStart(6)}  ${r.achievedRate.toFixed(1).padStart(8)}  ${`${cell(r.ack.p50)} / ${cell(r.ack.p99)}`.padEnd(20)}  ${`${cell(r.readable.p50)} / ${cell(r.readable.p95)} / ${cell(r.readable.p99)} / ${cell(r.readable.max)}`.padEnd(42)} ${cell(r.update.p99).padStart(22)}  ${`${cell(r.baseline.p50)} / ${cell(r.baseline.p99)}`.padEnd(24)}  ${r.ratioP99 === null ? '–' : r.ratioP99.toFixed(1)}${r.saturated ? '  SATURATED' : ''}`,
    );
  }
  if (report.skippedRates.length > 0) lines.push(`not run (a lower rate saturated the pipeline): ${report.skippedRates.join(', ')}/s`);
  lines.push(`highest rate with p99 POST→readable ≤ ${report.goalP99Ms} ms: ${report.highestSustainableRate === null ? 'none of those measured' : `${report.highestSustainableRate}/s`}`);
  for (const r of report.rates) {
    lines.push(`  ${r.offeredRate}/s outcomes ${JSON.stringify(r.outcomes)}; no version: ${JSON.stringify(r.noVersionKinds)}; refused ${JSON.stringify(r.refused)}; stage medians ${Object.entries(r.stagesMedianMs).map(([k, v]) => `${k} ${cell(v)}`).join(', ')}; GET right after the feed entry at that version ${r.readChecks.atVersion}/${r.readChecks.checked}; handler mean per message ${Object.entries(r.consumerHandle).map(([c, h]) => `${c} ${h.meanMs === null ? '–' : `${h.meanMs} ms`} ×${h.messages}`).join(', ')}`);
  }
  for (const r of report.rates) lines.push(`  ${r.offeredRate}/s ${formatCpu(r.cpu)}`);
  if (report.temporal) lines.push(`  Temporal (${report.temporal.sampled} of ${report.temporal.workflows} story workflows read): ${report.temporal.workflowTasksPerSignal} workflow tasks and ${report.temporal.activitiesPerSignal} activities per signal; story events appended per acknowledged item ${report.storyEventsPerItem}`);
  lines.push(`  ${report.data}; cleanup: ${report.cleanup.join('; ')}`);
  return lines.join('\n');
}
