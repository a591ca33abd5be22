// The workflow bundle's entry point: every workflow the worker runs.
export { storyWorkflow } from './story/story.workflow.ts';
