import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { codecFor } from '../contracts/avro-codec.ts';
import type { Article } from '../contracts/types.generated.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';
import { storyEventDecoder } from '../publish/story-event-decoder.ts';
import { loadConfig } from '../shared/config.ts';
import { createRootLogger } from '../shared/logger.ts';
import { createPlatform } from '../shared/platform/platform.ts';
import { StoryClient } from '../../workflows/story/story-client.ts';
import { storyTaskQueue } from '../../workflows/story/story-signals.ts';
import { startStoryWorker } from '../../workflows/worker.ts';
import { openLoopSchedule, summarize, type LatencySummary } from './open-loop.ts';
import { now, paceOpenLoop } from './open-loop-pacer.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const MARKER_KEY = 'bench:temporal-decisions:owner';

export interface DecisionRate {
  readonly offeredRate: number;
  readonly signals: number;
  /** Decisions (ArticleReceived appended to story.events) per second of the window until the last one. */
  readonly decisionsPerSecond: number;
  /** Signal-with-start sent → its decision appended (Kafka CreateTime), ms. */
  readonly latency: LatencySummary;
  readonly keptUp: boolean;
}


/**
 * The story decisions per second the Temporal server sustains: signal-with-start of a new story per
 * command (as the router does for a new item) at rising open-loop rates, one story worker in this
 * process (the production workflow and append activity), in an environment of its own (workflow ids,
 * task queue, topics; a Redis database of the benchmark's). Stops at the first rate it cannot keep up
 * with; terminates the workflows and removes the environment afterwards.
 */
export async function temporalDecisionsBench(options: { rates: readonly number[]; seconds: number; drainSeconds: number; redisDb: number; articles: readonly Article[]; log: (line: string) => void }): Promise<DecisionRate[]> {
  const environment = `bench-td-${randomBytes(3).toString('hex')}`;
  const config = loadConfig({ ...process.env, STORYLINE_ENV: environment, STORYLINE_REDIS_DB: String(options.redisDb) });
  const redis = new Redis(config.redis.url);
  try {
    const keys = await redis.dbsize();
    if (keys > 0 && (await redis.exists(MARKER_KEY)) === 0) throw new Error(`Redis database ${options.redisDb} holds ${keys} keys that are not the benchmark's`);
    await redis.flushdb();
    await redis.set(MARKER_KEY, environment);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const platform = await createPlatform(config, createRootLogger('warn', 2), { clientId: 'storyline-bench-temporal' });
  const decided = new Map<string, number>();
  const consumer = platform.kafka.consumer({ groupId: `${config.kafkaPrefix}bench-td-events`, readUncommitted: false, maxWaitTimeInMs: 100 });
  const decode = storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents));
  const worker = await startStoryWorker(platform);
  const stories = await StoryClient.forEnvironment(config);
  const results: DecisionRate[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: platform.topics.storyEvents.name, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          if (!message.value) continue;
          const event = await decode(message.value);
          if (event.type === 'ArticleReceived' && !decided.has(event.causationId)) decided.set(event.causationId, Number(message.timestamp));
        }
      },
    });
    let serial = 0;
    for (const rate of [...options.rates].sort((a, b) => a - b)) {
      const schedule = openLoopSchedule(rate, 0, options.seconds);
      const sent: Array<{ signalId: string; at: number }> = [];
      const sends: Promise<unknown>[] = [];
      const start = await paceOpenLoop(schedule, (_, scheduledAt) => {
        const n = serial++;
        const base = options.articles[n % options.articles.length]!;
        const signalId = `${environment}-${n}`;
        sent.push({ signalId, at: scheduledAt });
        sends.push(stories.submit(`${environment}-story-${n}`, { type: 'SubmitArticle', signalId, article: { ...base, providerItemId: `td-${n}`, providerVersion: 1 }, routing: { kind: 'new-story' } }).catch(() => undefined));
      });
      await Promise.all(sends);
      const until = now() + options.drainSeconds * 1000;
      while (sent.some((s) => !decided.has(s.signalId)) && now() < until) await sleep(250);
      const latencies = sent.flatMap((s) => (decided.has(s.signalId) ? [decided.get(s.signalId)! - s.at] : []));
      const last = Math.max(...sent.map((s) => decided.get(s.signalId) ?? 0));
      const perSecond = latencies.length / Math.max((last - start) / 1000, options.seconds);
      const keptUp = latencies.length === sent.length && perSecond >= 0.9 * rate;
      results.push({ offeredRate: rate, signals: sent.length, decisionsPerSecond: Math.round(perSecond * 10) / 10, latency: summarize(latencies, sent.length - latencies.length), keptUp });
      options.log(`temporal: ${rate} signals/s → ${perSecond.toFixed(1)} decisions/s, p50 ${results.at(-1)!.latency.p50} p99 ${results.at(-1)!.latency.p99} ms`);
      if (!keptUp) break;
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await stories.close().catch(() => undefined);
    await worker.stop().catch(() => undefined);
    const connection = await Connection.connect({ address: config.temporal.address });
    const client = new Client({ connection, namespace: config.temporal.namespace });
    for await (const execution of client.workflow.list({ query: `TaskQueue = '${storyTaskQueue(config.kafkaPrefix)}' AND ExecutionStatus = 'Running'` })) await client.workflow.getHandle(execution.workflowId).terminate('storyline bench: the run is over').catch(() => undefined);
    await connection.close();
    const admin = platform.kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(config.kafkaPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(config.kafkaPrefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
    await redis.flushdb().catch(() => undefined);
    redis.disconnect();
    await platform.close();
  }
  return results;
}
