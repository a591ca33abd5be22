import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ProbeActivities } from './probe.activities.ts';

const { shout } = proxyActivities<ProbeActivities>({ startToCloseTimeout: '10 seconds', retry: { initialInterval: '200 ms', maximumAttempts: 20 } });

export const addItem = defineSignal<[{ id: string; value: string }]>('addItem');
export const progressQuery = defineQuery<number>('progress');

/** Waits for `expected` distinct signals (by id), runs an activity for each, returns the results. */
export async function probeWorkflow(expected: number): Promise<string[]> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const results: string[] = [];
  setHandler(addItem, ({ id, value }) => {
    if (seen.has(id)) return;
    seen.add(id);
    queue.push(value);
  });
  setHandler(progressQuery, () => results.length);
  while (results.length < expected) {
    await condition(() => queue.length > 0);
    results.push(await shout(queue.shift()!));
  }
  return results;
}
