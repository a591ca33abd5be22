import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ExternalStoryCommand, Kill, MergeStory, RecordEnrichment, StoryCommand, StoryState, SubmitArticle, WithdrawRelatedItem } from '../../services/domain/story/index.ts';

/**
 * Signals and queries of the story workflow, defined once for the workflow and its clients. Every
 * command travels on one signal: a new command is a new member of the command union and a case in
 * `decide`, nothing here.
 */
export const storyCommandSignal = defineSignal<[ExternalStoryCommand]>('storyCommand');
export const storyStateQuery = defineQuery<StoryState>('storyState');

/**
 * The signals of the first release, one per command. Nothing sends them any more; the workflow still
 * handles them because histories of running stories carry them (and a client of the previous release
 * may still be draining). Remove them only once no running story has one in its current run.
 */
export const submitArticleSignal = defineSignal<[SubmitArticle]>('submitArticle');
export const recordEnrichmentSignal = defineSignal<[RecordEnrichment]>('recordEnrichment');
export const killStorySignal = defineSignal<[Kill]>('killStory');
export const withdrawRelatedSignal = defineSignal<[WithdrawRelatedItem]>('withdrawRelated');
export const mergeStorySignal = defineSignal<[MergeStory]>('mergeStory');
export const LEGACY_COMMAND_SIGNALS = [submitArticleSignal, recordEnrichmentSignal, killStorySignal, withdrawRelatedSignal, mergeStorySignal] as const;

export const STORY_TASK_QUEUE = 'storyline-stories';

/**
 * Workflow id = business key: every delivery for one story converges on one execution. Environments
 * sharing one Temporal namespace are kept apart by their prefix (`STORYLINE_ENV` as `<env>.`, as topic
 * names are): story ids derive from the copy, so two environments fed the same copy would otherwise
 * signal each other's workflows. The default environment's prefix is empty: its ids are unchanged.
 */
export function storyWorkflowId(storyId: string, environmentPrefix = ''): string {
  return `${environmentPrefix}story/${storyId}`;
}

/** The environment's own task queue: a worker of one environment never runs another's story workflows (their activities write that environment's topics). */
export function storyTaskQueue(environmentPrefix = ''): string {
  return `${environmentPrefix}${STORY_TASK_QUEUE}`;
}

export interface StoryWorkflowInput {
  readonly storyId: string;
  /** Carried across continue-as-new; absent for a new story. */
  readonly state?: StoryState;
  /** Commands received but not yet decided when the previous run continued as new, in order. */
  readonly pending?: readonly StoryCommand[];
}
