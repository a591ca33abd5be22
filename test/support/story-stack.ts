import { afterAll, beforeAll } from 'vitest';
import type { Platform } from '../../services/shared/platform/platform.ts';
import { StoryClient } from '../../workflows/story/story-client.ts';
import { startStoryWorker, type RunningWorker } from '../../workflows/worker.ts';
import { testPlatform } from './platform.ts';
import { runId } from './run-id.ts';

export interface StoryStack {
  platform: Platform;
  stories: StoryClient;
  taskQueue: string;
}

/**
 * A platform, a story worker in process on a task queue of its own and a story client, for the tests
 * of one file: started before them, stopped after them (hooks a file registers later run before these).
 */
export function useStoryStack(name: string): StoryStack {
  const stack = { taskQueue: runId(name) } as StoryStack;
  let worker: RunningWorker | undefined;
  beforeAll(async () => {
    stack.platform = await testPlatform();
    worker = await startStoryWorker(stack.platform, stack.taskQueue);
    stack.stories = await StoryClient.connect(stack.platform.config.temporal.address, stack.platform.config.temporal.namespace, stack.taskQueue, { environmentPrefix: stack.platform.config.kafkaPrefix });
  });
  afterAll(async () => {
    await stack.stories?.close();
    await worker?.stop();
    await stack.platform?.close();
  });
  return stack;
}
