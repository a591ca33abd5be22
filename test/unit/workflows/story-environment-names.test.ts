import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../services/shared/config.ts';
import { storyTaskQueue, storyWorkflowId } from '../../../workflows/story/story-signals.ts';

describe('story workflows of environments sharing one Temporal namespace', () => {
  const names = (env: string) => {
    const { kafkaPrefix } = loadConfig({ STORYLINE_ENV: env });
    return { workflowId: storyWorkflowId('st-0123', kafkaPrefix), taskQueue: storyTaskQueue(kafkaPrefix) };
  };

  it('give one story id a different workflow and task queue per environment', () => {
    const chaos = names('chaos-1a2b');
    const test = names('test');
    expect(chaos.workflowId).not.toBe(test.workflowId);
    expect(chaos.taskQueue).not.toBe(test.taskQueue);
    expect(chaos).toEqual({ workflowId: 'chaos-1a2b.story/st-0123', taskQueue: 'chaos-1a2b.storyline-stories' });
  });

  it('leave the default environment’s names as running stories have them', () => {
    expect(names('')).toEqual({ workflowId: 'story/st-0123', taskQueue: 'storyline-stories' });
  });
});
