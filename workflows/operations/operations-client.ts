import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { projectionRebuildWorkflow } from './projection-rebuild.workflow.ts';
import { topicReplayWorkflow } from './topic-replay.workflow.ts';
import {
  cancelSignal,
  OPERATIONS_TASK_QUEUE,
  pauseSignal,
  rebuildProgressQuery,
  rebuildWorkflowId,
  replayProgressQuery,
  replayWorkflowId,
  resumeSignal,
  REPLAY_TARGETS,
  type PositionInput,
  type RebuildProgress,
  type RebuildResult,
  type ReplayProgress,
  type ReplayResult,
  type ReplayTarget,
} from './operations-signals.ts';

export interface RebuildStatus {
  readonly rebuildId: string;
  readonly workflowId: string;
  readonly target: 'projection' | ReplayTarget;
  readonly status: string;
  readonly progress: RebuildProgress | ReplayProgress | null;
  readonly result: RebuildResult | ReplayResult | null;
}

export interface RunningReplay {
  readonly rebuildId: string;
  readonly workflowId: string;
  readonly target: 'projection' | ReplayTarget;
  readonly startedAt: string;
  readonly progress: RebuildProgress | ReplayProgress | null;
}

const newJobId = () => `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** Both kinds of operator job share one id space; the workflow id says which it is. */
const KINDS = [
  { prefix: 'ops/projection-rebuild/', workflowId: rebuildWorkflowId },
  { prefix: 'ops/replay/', workflowId: replayWorkflowId },
] as const;

/** Starts and steers operator jobs; the admin API is its only caller. */
export class OperationsClient {
  constructor(
    private readonly client: () => Promise<Client>,
    private readonly taskQueue = OPERATIONS_TASK_QUEUE,
  ) {}

  async startProjectionRebuild(options: { from: PositionInput; to: PositionInput | null; dryRun: boolean; batchSize?: number }): Promise<{ rebuildId: string; prefix: string }> {
    const rebuildId = newJobId();
    const prefix = `sl:p${rebuildId}:`;
    await (await this.client()).workflow.start(projectionRebuildWorkflow, {
      workflowId: rebuildWorkflowId(rebuildId),
      taskQueue: this.taskQueue,
      args: [{ rebuildId, prefix, from: options.from, to: options.to, dryRun: options.dryRun, batchSize: options.batchSize ?? 5_000 }],
    });
    return { rebuildId, prefix };
  }

  async startReplay(options: { target: ReplayTarget; from: PositionInput; to: PositionInput | null; stories: readonly string[] | null; dryRun: boolean; batchSize?: number }): Promise<{ rebuildId: string; target: ReplayTarget }> {
    const replayId = newJobId();
    await (await this.client()).workflow.start(topicReplayWorkflow, {
      workflowId: replayWorkflowId(replayId),
      taskQueue: this.taskQueue,
      memo: { target: options.target },
      args: [{ replayId, target: options.target, from: options.from, to: options.to, stories: options.stories, dryRun: options.dryRun, batchSize: options.batchSize ?? 2_000 }],
    });
    return { rebuildId: replayId, target: options.target };
  }

  /** The job's status, progress while it runs and result once done; null when no job has this id. */
  async status(jobId: string): Promise<RebuildStatus | null> {
    const client = await this.client();
    for (const kind of KINDS) {
      const handle: WorkflowHandle = client.workflow.getHandle(kind.workflowId(jobId));
      try {
        const description = await handle.describe();
        const running = description.status.name === 'RUNNING';
        const progress = running ? await this.progress(handle) : null;
        const result = description.status.name === 'COMPLETED' ? ((await handle.result()) as RebuildResult | ReplayResult) : null;
        return { rebuildId: jobId, workflowId: handle.workflowId, target: targetOf(handle.workflowId, description.memo), status: description.status.name, progress, result };
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    return null;
  }

  /** Rebuilds and replays running on this task queue, newest first, each with its progress. */
  async running(limit = 20): Promise<RunningReplay[]> {
    const client = await this.client();
    const found: RunningReplay[] = [];
    for await (const execution of client.workflow.list({ query: `TaskQueue = '${this.taskQueue}' AND ExecutionStatus = 'Running'` })) {
      const kind = KINDS.find((k) => execution.workflowId.startsWith(k.prefix));
      if (!kind) continue;
      const progress = await this.progress(client.workflow.getHandle(execution.workflowId));
      found.push({ rebuildId: execution.workflowId.slice(kind.prefix.length), workflowId: execution.workflowId, target: targetOf(execution.workflowId, execution.memo), startedAt: execution.startTime.toISOString(), progress });
      if (found.length >= limit) break;
    }
    return found;
  }

  async steer(jobId: string, action: 'pause' | 'resume' | 'cancel'): Promise<boolean> {
    const client = await this.client();
    for (const kind of KINDS) {
      try {
        await client.workflow.getHandle(kind.workflowId(jobId)).signal(action === 'pause' ? pauseSignal : action === 'resume' ? resumeSignal : cancelSignal);
        return true;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    return false;
  }

  private progress(handle: WorkflowHandle): Promise<RebuildProgress | ReplayProgress | null> {
    // Both workflows answer the same query name; a worker that is down answers nothing (null), not an error.
    const query = handle.workflowId.startsWith('ops/replay/') ? handle.query(replayProgressQuery) : handle.query(rebuildProgressQuery);
    return query.catch(() => null);
  }
}

/** A replay names its target in the workflow's memo, set when it starts. */
function targetOf(workflowId: string, memo: Record<string, unknown> | undefined): 'projection' | ReplayTarget {
  if (workflowId.startsWith('ops/projection-rebuild/')) return 'projection';
  const target = memo?.target;
  return REPLAY_TARGETS.find((t) => t === target) ?? 'public-topics';
}
