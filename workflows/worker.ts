import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import type { Tracing } from '../services/shared/tracing/tracing.ts';
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

/**
 * With tracing on, workflows and activities continue the trace their start or signal carried: the
 * workflow interceptors are bundled into the workflow code and export their spans through a sink
 * (workflow code does no I/O), activities run inside a span whose context their Kafka writes carry on.
 */
function workerTracing(tracing: Tracing): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing.enabled || tracing.spanProcessor === null) return {};
  return {
    interceptors: {
      workflowModules: [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

/**
 * Connects to the platform's Temporal server and runs a worker for one task queue: the runtime
 * installed first, `stop` drains in-flight tasks (graceful shutdown) and closes the connection.
 */
export async function startTemporalWorker(platform: Platform, options: { component: string; taskQueue: string; workflowsPath: string; activities: object } & Pick<WorkerOptions, 'interceptors' | 'sinks'>): Promise<RunningWorker> {
  installRuntimeLogging(platform);
  const connection = await NativeConnection.connect({ address: platform.config.temporal.address });
  try {
    const worker = await Worker.create({ connection, namespace: platform.config.temporal.namespace, taskQueue: options.taskQueue, workflowsPath: options.workflowsPath, activities: options.activities, interceptors: options.interceptors, sinks: options.sinks });
    const running = worker.run();
    platform.logger.info({ component: options.component, taskQueue: options.taskQueue }, `${options.component} running`);
    return {
      async stop() {
        worker.shutdown();
        await running;
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Runs the story workflows and their activities; `stop` drains in-flight tasks (graceful shutdown). */
export async function startStoryWorker(platform: Platform, taskQueue = storyTaskQueue(platform.config.kafkaPrefix)): Promise<RunningWorker> {
  const producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
  const worker = await startTemporalWorker(platform, {
    component: 'story-worker',
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    ...workerTracing(platform.tracing),
    activities: createStoryActivities({ producer, codec, topic: platform.topics.storyEvents.name, redis: platform.redis, log: kafkaStoryLog(platform.kafka, codec, platform.topics.storyEvents.name) }),
  }).catch(async (error: unknown) => {
    await producer.disconnect();
    throw error;
  });
  return {
    async stop() {
      await worker.stop();
      await producer.disconnect();
    },
  };
}
