import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { temporalServer } from '../../../infra/servers/temporal.ts';
import { createPlatform } from '../../../services/shared/platform/platform.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { createRootLogger } from '../../../services/shared/logger.ts';
import type { StoryState } from '../../../services/domain/story/index.ts';
import { StoryClient } from '../../../workflows/story/story-client.ts';
import { storyWorkflowId } from '../../../workflows/story/story-signals.ts';
import { startStoryWorker } from '../../../workflows/worker.ts';
import { runId } from '../run-id.ts';
import { writeHistoryFile, type History } from './history-json.ts';
import { STORY_LIFECYCLES, type StoryLifecycle } from './story-lifecycles.ts';

export const HISTORIES_DIR = fileURLToPath(new URL('../../fixtures/workflow-histories/', import.meta.url));

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms; last: ${String(last instanceof Error ? last.message : JSON.stringify(last)).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The history once the workflow is idle: its last task completed and nothing new arrived meanwhile. */
async function idleHistory(client: Client, workflowId: string, runIdOfRun?: string): Promise<History> {
  let previous = -1;
  return until(
    `${workflowId} idle`,
    async () => client.workflow.getHandle(workflowId, runIdOfRun).fetchHistory(),
    (history) => {
      const events = history.events ?? [];
      const last = events.at(-1);
      // A completed task's local activities are recorded as markers after it.
      const settled = (last?.workflowTaskCompletedEventAttributes ?? last?.markerRecordedEventAttributes ?? null) !== null;
      const idle = events.length === previous && settled;
      const closed = last?.workflowExecutionContinuedAsNewEventAttributes !== undefined && last?.workflowExecutionContinuedAsNewEventAttributes !== null;
      previous = events.length;
      return idle || closed;
    },
  );
}

/** Every run of the workflow, oldest first, following continue-as-new back from the current run. */
async function runHistories(client: Client, workflowId: string): Promise<History[]> {
  const histories = [await idleHistory(client, workflowId)];
  for (;;) {
    const started = histories[0]!.events?.[0]?.workflowExecutionStartedEventAttributes;
    const previousRun = started?.continuedExecutionRunId;
    if (!previousRun) return histories;
    histories.unshift(await idleHistory(client, workflowId, previousRun));
  }
}

async function record(lifecycle: StoryLifecycle, stories: StoryClient, client: Client, dir: string): Promise<string[]> {
  const storyId = runId(`replay-${lifecycle.name}`);
  await lifecycle.drive(stories, storyId);
  await until<StoryState>(`${lifecycle.name} settled`, () => stories.state(storyId), (state) => lifecycle.settled(state));
  const histories = await runHistories(client, storyWorkflowId(storyId));
  if (lifecycle.continuesAsNew && histories.length < 2) throw new Error(`${lifecycle.name}: the workflow did not continue as new`);
  return histories.map((history, i) => writeHistoryFile(dir, histories.length === 1 ? lifecycle.name : `${lifecycle.name}-run-${i + 1}`, history));
}

export async function recordStoryHistories(release: string, names: readonly string[]): Promise<void> {
  const unknown = names.filter((name) => !STORY_LIFECYCLES.some((l) => l.name === name));
  if (unknown.length > 0) throw new Error(`unknown lifecycles: ${unknown.join(', ')} (known: ${STORY_LIFECYCLES.map((l) => l.name).join(', ')})`);
  const chosen = names.length === 0 ? STORY_LIFECYCLES : STORY_LIFECYCLES.filter((l) => names.includes(l.name));
  const config = loadConfig();
  // The test environment's namespace is registered by the integration setup; a recording may come first.
  await temporalServer(config).afterReady?.();
  const platform = await createPlatform(config, createRootLogger('warn', 2), { clientId: 'storyline-history-recorder' });
  const taskQueue = runId('record-stories');
  const worker = await startStoryWorker(platform, taskQueue);
  const stories = await StoryClient.connect(config.temporal.address, config.temporal.namespace, taskQueue);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const dir = `${HISTORIES_DIR}${release}/`;
  mkdirSync(dir, { recursive: true });
  try {
    for (const lifecycle of chosen) {
      const started = Date.now();
      const files = await record(lifecycle, stories, client, dir);
      console.log(`${lifecycle.name}: ${files.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await connection.close();
    await stories.close();
    await worker.stop();
    await platform.close();
  }
}
