import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { foldEvents, type RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { StoryClient } from '../../../workflows/story/story-client.ts';
import type { StoryActivities } from '../../../workflows/story/story.activities.ts';
import { runId } from '../run-id.ts';
import { startTimeSkippingServer } from './time-skipping-server.ts';

const workflowsPath = fileURLToPath(new URL('../../../workflows/workflows.ts', import.meta.url));

/**
 * The story workflow on Temporal's time-skipping test server, its one activity replaced by an
 * in-memory log: tests about the workflow's decisions and timers run without Kafka or Redis, and
 * hours of workflow time pass in milliseconds (`env.sleep`). Time moves only when a test sleeps:
 * the server starts with skipping locked, so a test can look at a story before its timer fires.
 */
export interface TimeSkippingStories {
  readonly env: TestWorkflowEnvironment;
  readonly stories: StoryClient;
  readonly taskQueue: string;
  /** Every event the workflow appended, in order, across worker restarts. */
  readonly appended: RecordedStoryEvent[];
  /** Replaces the append activity (the default records into `appended`). */
  appendWith(append: StoryActivities['appendStoryEvents']): void;
  /** Stops the worker and starts another: the workflow continues from its history (a crash, in effect). */
  restartWorker(): Promise<void>;
  /** Starts the worker when it was created without one (`startWorker: false`), e.g. after a backlog built up. */
  startWorker(): Promise<void>;
  /** Waits in real time (the workflow runs on a worker thread) until `done` holds for the appended events. */
  eventually(done: (events: readonly RecordedStoryEvent[]) => boolean, timeoutMs?: number): Promise<readonly RecordedStoryEvent[]>;
  stop(): Promise<void>;
}

export interface TimeSkippingOptions {
  /** Start the worker at once (default) or leave it to `startWorker()`. */
  readonly startWorker?: boolean;
  /**
   * Keep workflows cached between tasks (default off). Without a cache every task replays the whole
   * history, which checks determinism all along and never leaves a task waiting on the sticky queue
   * of a stopped worker (on the test server that would hold time skipping locked); with it, a
   * workflow of thousands of events runs in seconds. A cached worker is never restarted.
   */
  readonly cacheWorkflows?: boolean;
}

export async function startTimeSkippingStories(options: TimeSkippingOptions = {}): Promise<TimeSkippingStories> {
  const server = await startTimeSkippingServer(loadConfig().cacheDir);
  const env = server.env;
  const taskQueue = runId('time-skipping-stories');
  const appended: RecordedStoryEvent[] = [];
  const recordInMemory: StoryActivities['appendStoryEvents'] = (events) => {
    appended.push(...events);
    return Promise.resolve(events.length);
  };
  let append = recordInMemory;
  const activities: StoryActivities = {
    appendStoryEvents: (events) => append(events),
    // The log in memory: what the real activity would fold from story.events.v1.
    loadStoryState: (storyId) => {
      const events = appended.filter((e) => e.storyId === storyId);
      return Promise.resolve(events.length === 0 ? null : foldEvents(events));
    },
  };
  // Bundled once: a restarted worker runs the same code, as a redeployed one would.
  const workflowBundle = await bundleWorkflowCode({ workflowsPath });
  const start = async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle, activities, maxCachedWorkflows: options.cacheWorkflows ? 100 : 0 });
    return { worker, running: worker.run() };
  };
  let current = options.startWorker === false ? undefined : await start();
  const stopWorker = async () => {
    current?.worker.shutdown();
    await current?.running;
    current = undefined;
  };
  const stories = await StoryClient.connect(env.address, env.namespace ?? 'default', taskQueue);
  return {
    env,
    stories,
    taskQueue,
    appended,
    appendWith(next) {
      append = next;
    },
    async restartWorker() {
      await stopWorker();
      current = await start();
    },
    async startWorker() {
      if (current) throw new Error('the worker is running');
      current = await start();
    },
    async eventually(done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(appended)) {
        if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms; appended: ${appended.map((e) => `${e.sequence}:${e.type}`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return appended;
    },
    async stop() {
      await stories.close();
      await stopWorker();
      await server.stop();
    },
  };
}
