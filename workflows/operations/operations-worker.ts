import { fileURLToPath } from 'node:url';
import type { Producer } from 'kafkajs';
import { codecFor } from '../../services/contracts/avro-codec.ts';
import type { Story, StoryUpdate, Submission } from '../../services/contracts/types.generated.ts';
import type { AvroStoryEvent } from '../../services/domain/story/index.ts';
import { createEnricher, ENRICHER_VERSION, type ArticleEnricher } from '../../services/enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../../services/enrich/load-models.ts';
import { parseItems, type ParseInput, type ParseResult } from '../../services/ingest/parsers/index.ts';
import { storyEventDecoder } from '../../services/publish/story-event-decoder.ts';
import { RECORD_COMPRESSION } from '../../services/shared/kafka/message-limits.ts';
import type { Platform } from '../../services/shared/platform/platform.ts';
import { StoryClient } from '../story/story-client.ts';
import { storyTaskQueue as storyTaskQueueOf } from '../story/story-signals.ts';
import { startTemporalWorker, type RunningWorker } from '../worker.ts';
import { createOperationsActivities } from './operations.activities.ts';
import { OPERATIONS_TASK_QUEUE } from './operations-signals.ts';
import { createReplayActivities } from './replay.activities.ts';

export type RunningOperationsWorker = RunningWorker;

/** What a replay re-runs history through: today's enricher and parsers unless a caller (a test) names others. */
export interface OperationsWorkerOptions {
  readonly taskQueue?: string;
  readonly storyTaskQueue?: string;
  readonly enricher?: () => { readonly enrich: ArticleEnricher; readonly version: string };
  readonly parse?: (input: ParseInput) => ParseResult[];
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Runs operator jobs (projection rebuilds, replays) as Temporal workflows: any worker on the queue resumes them after a crash. */
export async function startOperationsWorker(platform: Platform, options: OperationsWorkerOptions | string = {}): Promise<RunningOperationsWorker> {
  const { taskQueue = OPERATIONS_TASK_QUEUE, storyTaskQueue = storyTaskQueueOf(platform.config.kafkaPrefix), enricher, parse = parseItems } = typeof options === 'string' ? { taskQueue: options } : options;
  const { topics } = platform;
  const decode = storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, topics.storyEvents));
  const codecs = {
    story: await codecFor<Story>(platform.catalog, platform.registry, topics.stories),
    update: await codecFor<StoryUpdate>(platform.catalog, platform.registry, topics.storyUpdates),
  };
  const submissions = await codecFor<Submission>(platform.catalog, platform.registry, topics.submissions);
  // Connected on first use: most operations workers never re-publish or signal a story.
  let producer: Promise<Producer> | undefined;
  let stories: Promise<StoryClient> | undefined;
  // A failed connection is tried again on the next use rather than remembered.
  const connectedProducer = () => {
    producer ??= (async () => {
      const made = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await made.connect();
      return made;
    })();
    producer.catch(() => (producer = undefined));
    return producer;
  };
  const storyClient = () => {
    stories ??= StoryClient.connect(platform.config.temporal.address, platform.config.temporal.namespace, storyTaskQueue, { environmentPrefix: platform.config.kafkaPrefix });
    stories.catch(() => (stories = undefined));
    return stories;
  };
  const replays = createReplayActivities({
    kafka: platform.kafka,
    redis: platform.redis,
    topics,
    decodeEvent: decode,
    submissions,
    republish: { codecs, send: async (batch) => void (await (await connectedProducer()).sendBatch({ acks: -1, compression: RECORD_COMPRESSION, topicMessages: batch.map((b) => ({ topic: b.topic, messages: b.messages })) })) },
    reenrich: { enricher: enricher ?? once(() => ({ enrich: createEnricher(loadEnrichmentModels()), version: ENRICHER_VERSION })), stories: storyClient },
    reparse: { parse, stories: storyClient },
  });
  // A rebuild applies many stories side by side: auto-pipelining sends their commands to Redis together, in one round trip per wave.
  const pipelined = platform.redis.duplicate({ enableAutoPipelining: true });
  const worker = await startTemporalWorker(platform, {
    component: 'operations-worker',
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./operations-workflows.ts', import.meta.url)),
    activities: { ...createOperationsActivities({ kafka: platform.kafka, redis: pipelined, topic: topics.storyEvents.name, groupPrefix: topics.prefix, decode }), ...replays },
  }).catch((error: unknown) => {
    pipelined.disconnect();
    throw error;
  });
  return {
    async stop() {
      await worker.stop();
      pipelined.disconnect();
      await (await producer?.catch(() => undefined))?.disconnect();
      await (await stories?.catch(() => undefined))?.close();
    },
  };
}
