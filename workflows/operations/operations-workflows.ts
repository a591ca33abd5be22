// The operations worker's workflow bundle entry point.
export { projectionRebuildWorkflow } from './projection-rebuild.workflow.ts';
export { topicReplayWorkflow } from './topic-replay.workflow.ts';
