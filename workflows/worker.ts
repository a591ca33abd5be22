import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import { codecFor } from '../services/contracts/avro-codec.ts';
import type { AvroStoryEvent } from '../services/domain/story/index.ts';
import type { Platform } from '../services/shared/platform/platform.ts';
import { createStoryActivities } from './story/story.activities.ts';
import { kafkaStoryLog } from './story/story-log.ts';
import { storyTaskQueue } from './story/story-signals.ts';

export interface RunningWorker {
  stop(): Promise<void>;
}

const TEMPORAL_LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };
let runtimeInstalled = false;

/** The Temporal SDK logs through our logger, at our level; its runtime can be installed once per process. */
export function installRuntimeLogging(platform: Platform): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const logger = platform.logger.child({ component: 'temporal-sdk' });
  const level = TEMPORAL_LEVELS[platform.logger.level] ?? 'INFO';
  Runtime.install({
    // The process's composition root owns graceful shutdown: it stops intake first, then the worker.
    // The SDK's own SIGINT/SIGTERM handlers would shut the worker down under it and hang the stop.
    shutdownSignals: [],
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      const method = entryLevel === 'ERROR' ? 'error' : entryLevel === 'WARN' ? 'warn' : entryLevel === 'INFO' ? 'info' : 'debug';
      logger[method](meta ?? {}, message);
    }),
  });
}

/** Runs the story workflows and their activities; `stop` drains in-flight tasks (graceful shutdown). */
export async function startStoryWorker(platform: Platform, taskQueue = storyTaskQueue(platform.config.kafkaPrefix)): Promise<RunningWorker> {
  installRuntimeLogging(platform);
  const producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
  const connection = await NativeConnection.connect({ address: platform.config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: platform.config.temporal.namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    activities: createStoryActivities({ producer, codec, topic: platform.topics.storyEvents.name, redis: platform.redis, log: kafkaStoryLog(platform.kafka, codec, platform.topics.storyEvents.name) }),
  });
  const running = worker.run();
  platform.logger.info({ component: 'story-worker', taskQueue }, 'story worker running');
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await producer.disconnect();
    },
  };
}
