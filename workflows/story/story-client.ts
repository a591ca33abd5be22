import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { Kill, RecordEnrichment, StoryState, SubmitArticle } from '../../services/domain/story/index.ts';
import { poison, retriable } from '../../services/shared/errors.ts';
import { storyWorkflow } from './story.workflow.ts';
import { killStorySignal, recordEnrichmentSignal, STORY_TASK_QUEUE, storyStateQuery, storyWorkflowId, submitArticleSignal } from './story-signals.ts';

/** What services say to story workflows; signal-with-start so the first delivery creates the story. */
export class StoryClient {
  private constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  static async connect(address: string, namespace: string, taskQueue = STORY_TASK_QUEUE): Promise<StoryClient> {
    const connection = await Connection.connect({ address });
    return new StoryClient(new Client({ connection, namespace }), taskQueue);
  }

  async submit(storyId: string, command: SubmitArticle): Promise<void> {
    await this.signal(storyId, () =>
      this.client.workflow.signalWithStart(storyWorkflow, { workflowId: storyWorkflowId(storyId), taskQueue: this.taskQueue, args: [{ storyId }], signal: submitArticleSignal, signalArgs: [command] }),
    );
  }

  async recordEnrichment(storyId: string, command: RecordEnrichment): Promise<void> {
    await this.signal(storyId, () => this.client.workflow.getHandle(storyWorkflowId(storyId)).signal(recordEnrichmentSignal, command));
  }

  async kill(storyId: string, command: Kill): Promise<void> {
    await this.signal(storyId, () =>
      this.client.workflow.signalWithStart(storyWorkflow, { workflowId: storyWorkflowId(storyId), taskQueue: this.taskQueue, args: [{ storyId }], signal: killStorySignal, signalArgs: [command] }),
    );
  }

  state(storyId: string): Promise<StoryState> {
    return this.client.workflow.getHandle(storyWorkflowId(storyId)).query(storyStateQuery);
  }

  async close(): Promise<void> {
    await this.client.connection.close();
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
