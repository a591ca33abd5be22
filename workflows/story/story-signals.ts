import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Kill, MergeStory, RecordEnrichment, StoryState, SubmitArticle, WithdrawRelatedItem } from '../../services/domain/story/index.ts';

/** Signals and queries of the story workflow, defined once for the workflow and its clients. */
export const submitArticleSignal = defineSignal<[SubmitArticle]>('submitArticle');
export const recordEnrichmentSignal = defineSignal<[RecordEnrichment]>('recordEnrichment');
export const killStorySignal = defineSignal<[Kill]>('killStory');
export const withdrawRelatedSignal = defineSignal<[WithdrawRelatedItem]>('withdrawRelated');
export const mergeStorySignal = defineSignal<[MergeStory]>('mergeStory');
export const storyStateQuery = defineQuery<StoryState>('storyState');

export const STORY_TASK_QUEUE = 'storyline-stories';

/** Workflow id = business key: every delivery for one story converges on one execution. */
export function storyWorkflowId(storyId: string): string {
  return `story/${storyId}`;
}

export interface StoryWorkflowInput {
  readonly storyId: string;
  /** Carried across continue-as-new; absent for a new story. */
  readonly state?: StoryState;
}
