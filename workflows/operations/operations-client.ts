import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { projectionRebuildWorkflow } from './projection-rebuild.workflow.ts';
import { cancelSignal, OPERATIONS_TASK_QUEUE, pauseSignal, rebuildProgressQuery, rebuildWorkflowId, resumeSignal, type PositionInput, type RebuildProgress, type RebuildResult } from './operations-signals.ts';

export interface RebuildStatus {
  readonly rebuildId: string;
  readonly workflowId: string;
  readonly status: string;
  readonly progress: RebuildProgress | null;
  readonly result: RebuildResult | null;
}

/** Starts and steers operator jobs; the admin API is its only caller. */
export class OperationsClient {
  constructor(
    private readonly client: () => Promise<Client>,
    private readonly taskQueue = OPERATIONS_TASK_QUEUE,
  ) {}

  async startProjectionRebuild(options: { from: PositionInput; to: PositionInput | null; dryRun: boolean; batchSize?: number }): Promise<{ rebuildId: string; prefix: string }> {
    const rebuildId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const prefix = `sl:p${rebuildId}:`;
    await (await this.client()).workflow.start(projectionRebuildWorkflow, {
      workflowId: rebuildWorkflowId(rebuildId),
      taskQueue: this.taskQueue,
      args: [{ rebuildId, prefix, from: options.from, to: options.to, dryRun: options.dryRun, batchSize: options.batchSize ?? 5_000 }],
    });
    return { rebuildId, prefix };
  }

  async status(rebuildId: string): Promise<RebuildStatus | null> {
    const handle = (await this.client()).workflow.getHandle<typeof projectionRebuildWorkflow>(rebuildWorkflowId(rebuildId));
    try {
      const description = await handle.describe();
      const running = description.status.name === 'RUNNING';
      const progress = running ? await handle.query(rebuildProgressQuery).catch(() => null) : null;
      const result = description.status.name === 'COMPLETED' ? await handle.result() : null;
      return { rebuildId, workflowId: handle.workflowId, status: description.status.name, progress, result };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  async steer(rebuildId: string, action: 'pause' | 'resume' | 'cancel'): Promise<boolean> {
    const handle = (await this.client()).workflow.getHandle(rebuildWorkflowId(rebuildId));
    try {
      await handle.signal(action === 'pause' ? pauseSignal : action === 'resume' ? resumeSignal : cancelSignal);
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }
}
