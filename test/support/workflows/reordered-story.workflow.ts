import { sleep } from '@temporalio/workflow';
import { storyWorkflow as todaysStoryWorkflow } from '../../../workflows/story/story.workflow.ts';
import type { StoryWorkflowInput } from '../../../workflows/story/story-signals.ts';

/** The story workflow with an unversioned change (a timer before anything else): what the replay test must catch. */
export async function storyWorkflow(input: StoryWorkflowInput): Promise<never> {
  await sleep('1 second');
  return todaysStoryWorkflow(input);
}
