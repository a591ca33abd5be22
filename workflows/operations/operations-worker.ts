import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { codecFor } from '../../services/contracts/avro-codec.ts';
import type { AvroStoryEvent } from '../../services/domain/story/index.ts';
import { storyEventDecoder } from '../../services/publish/story-event-decoder.ts';
import type { Platform } from '../../services/shared/platform/platform.ts';
import { createOperationsActivities } from './operations.activities.ts';
import { OPERATIONS_TASK_QUEUE } from './operations-signals.ts';
import { installRuntimeLogging } from '../worker.ts';

export interface RunningOperationsWorker {
  stop(): Promise<void>;
}

/** Runs operator jobs (projection rebuilds) as Temporal workflows: any worker on the queue resumes them after a crash. */
export async function startOperationsWorker(platform: Platform, taskQueue = OPERATIONS_TASK_QUEUE): Promise<RunningOperationsWorker> {
  installRuntimeLogging(platform);
  const codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
  const connection = await NativeConnection.connect({ address: platform.config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: platform.config.temporal.namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./operations-workflows.ts', import.meta.url)),
    activities: createOperationsActivities({ kafka: platform.kafka, redis: platform.redis, topic: platform.topics.storyEvents.name, groupPrefix: platform.topics.prefix, decode: storyEventDecoder(codec) }),
  });
  const running = worker.run();
  platform.logger.info({ component: 'operations-worker', taskQueue }, 'operations worker running');
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
