import { describe, expect, it } from 'vitest';
import { StorySignalQueue } from '../../../services/router/story-signal-queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('story signal queue', () => {
  it('sends to one story in queue order and to other stories at once', async () => {
    const queue = new StorySignalQueue();
    const sent: string[] = [];
    const first = deferred();
    const a1 = queue.enqueue('a', async () => {
      await first.promise;
      sent.push('a1');
    });
    const a2 = queue.enqueue('a', () => Promise.resolve(void sent.push('a2')));
    await queue.enqueue('b', () => Promise.resolve(void sent.push('b1')));

    await settle();
    expect(sent).toEqual(['b1']);
    expect(queue.pending).toBe(1);
    first.resolve();
    await Promise.all([a1, a2]);
    expect(sent).toEqual(['b1', 'a1', 'a2']);
    await settle();
    expect(queue.pending).toBe(0);
  });

  it('reports a failed send to its caller and still sends the next one after it', async () => {
    const queue = new StorySignalQueue();
    const first = deferred();
    const failed = queue.enqueue('a', () => first.promise);
    const next = queue.enqueue('a', () => Promise.resolve());
    first.reject(new Error('temporal unavailable'));
    await expect(failed).rejects.toThrow('temporal unavailable');
    await expect(next).resolves.toBeUndefined();
  });
});
