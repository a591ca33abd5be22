import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { ExternalStoryCommand, Kill, MergeStory, RecordEnrichment, ReparseArticle, StoryState, SubmitArticle, WithdrawRelatedItem } from '../../services/domain/story/index.ts';
import { poison, retriable } from '../../services/shared/errors.ts';
import { storyWorkflow } from './story.workflow.ts';
import type { Config } from '../../services/shared/config.ts';
import { STORY_TASK_QUEUE, storyCommandSignal, storyStateQuery, storyTaskQueue, storyWorkflowId } from './story-signals.ts';

/**
 * What services say to story workflows. Submissions and kills use signal-with-start so the first
 * delivery creates the story; the rest only make sense for a story that exists and signal it plainly.
 */
export class StoryClient {
  private constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly environmentPrefix: string,
  ) {}

  /**
   * `environmentPrefix` keeps several environments' stories apart in one namespace (workflow ids); with
   * `tracing`, every start and signal carries the caller's trace context to the workflow (Temporal headers).
   */
  static async connect(address: string, namespace: string, taskQueue = STORY_TASK_QUEUE, options: { readonly environmentPrefix?: string; readonly tracing?: boolean } = {}): Promise<StoryClient> {
    const connection = await Connection.connect({ address });
    const interceptors = options.tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
    return new StoryClient(new Client({ connection, namespace, ...(interceptors ? { interceptors } : {}) }), taskQueue, options.environmentPrefix ?? '');
  }

  /** The environment's stories: its namespace, task queue and workflow id prefix. */
  static forEnvironment(config: Pick<Config, 'temporal' | 'kafkaPrefix'>, options: { readonly tracing?: boolean } = {}): Promise<StoryClient> {
    return StoryClient.connect(config.temporal.address, config.temporal.namespace, storyTaskQueue(config.kafkaPrefix), { ...options, environmentPrefix: config.kafkaPrefix });
  }

  submit(storyId: string, command: SubmitArticle): Promise<void> {
    return this.startOrSend(storyId, command);
  }

  recordEnrichment(storyId: string, command: RecordEnrichment): Promise<void> {
    return this.send(storyId, command);
  }

  /** An operator's re-parse: only to the story that holds the item already (never a new one). */
  reparse(storyId: string, command: ReparseArticle): Promise<void> {
    return this.send(storyId, command);
  }

  kill(storyId: string, command: Kill): Promise<void> {
    return this.startOrSend(storyId, command);
  }

  /** Regrouping: the related item moved to another story. */
  withdrawRelated(storyId: string, command: WithdrawRelatedItem): Promise<void> {
    return this.send(storyId, command);
  }

  /** Regrouping: the story is the same event as `command.into` and is withdrawn for good in its favour. */
  async mergeInto(storyId: string, command: MergeStory): Promise<void> {
    // A story merged into itself would be killed with nothing carrying it on: a caller's bug, never a retry.
    if (command.into === storyId) throw new Error(`story ${storyId} cannot be merged into itself`);
    await this.send(storyId, command);
  }

  state(storyId: string): Promise<StoryState> {
    return this.client.workflow.getHandle(this.workflowId(storyId)).query(storyStateQuery);
  }

  private workflowId(storyId: string): string {
    return storyWorkflowId(storyId, this.environmentPrefix);
  }

  async close(): Promise<void> {
    await this.client.connection.close();
  }

  /** Creates the story's workflow with this command when there is none yet. */
  private startOrSend(storyId: string, command: ExternalStoryCommand): Promise<void> {
    return this.signal(storyId, () =>
      this.client.workflow.signalWithStart(storyWorkflow, { workflowId: this.workflowId(storyId), taskQueue: this.taskQueue, args: [{ storyId }], signal: storyCommandSignal, signalArgs: [command] }),
    );
  }

  private send(storyId: string, command: ExternalStoryCommand): Promise<void> {
    return this.signal(storyId, () => this.client.workflow.getHandle(this.workflowId(storyId)).signal(storyCommandSignal, command));
  }

  private async signal(storyId: string, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      // No workflow for the story: nothing will ever take this signal, so it is poison, not a retry.
      if (error instanceof WorkflowNotFoundError) throw poison('story_workflow_not_found', `story ${storyId} has no workflow`, error);
      throw retriable('temporal_signal_failed', `could not signal story ${storyId}`, error);
    }
  }
}
