import { describe, expect, it } from 'vitest';
import { InMemoryIndexStorage } from '../../../services/dedupe/in-memory-index-storage.ts';

describe('InMemoryIndexStorage (Redis semantics in process)', () => {
  it('orders sorted sets by score then member, re-scores on re-add, trims the lowest', async () => {
    const storage = new InMemoryIndexStorage();
    await storage.commit([
      { op: 'sorted-add', key: 'z', member: 'b', score: 2 },
      { op: 'sorted-add', key: 'z', member: 'a', score: 2 },
      { op: 'sorted-add', key: 'z', member: 'c', score: 1 },
      { op: 'sorted-add', key: 'z', member: 'd', score: 5 },
      { op: 'sorted-add', key: 'z', member: 'c', score: 3 },
    ]);
    expect((await storage.range('z')).map((m) => m.member)).toEqual(['a', 'b', 'c', 'd']);
    expect((await storage.range('z', 3)).map((m) => m.member)).toEqual(['a', 'b']);
    await storage.commit([{ op: 'sorted-trim', key: 'z', keep: 2 }, { op: 'sorted-remove', key: 'z', member: 'd' }]);
    expect(await storage.range('z')).toEqual([{ member: 'c', score: 3 }]);
  });

  it('drops counters that fall to zero and answers 0 for absent fields', async () => {
    const storage = new InMemoryIndexStorage();
    await storage.commit([{ op: 'count', key: 'df', deltas: { quake: 2, tsunami: 1 } }, { op: 'count', key: 'df', deltas: { quake: -1, tsunami: -1 } }]);
    expect(await storage.getCounts('df', ['quake', 'tsunami', 'never'])).toEqual([1, 0, 0]);
  });

  it('stores values as given and deletes them', async () => {
    const storage = new InMemoryIndexStorage();
    await storage.commit([{ op: 'set', key: 'k', value: { a: 1 }, ttlMs: 1000 }]);
    expect(await storage.getValues(['k', 'missing'])).toEqual([{ a: 1 }, null]);
    await storage.commit([{ op: 'delete', key: 'k' }]);
    expect(await storage.getValues(['k'])).toEqual([null]);
  });

  it('raises a clock and never lowers it', async () => {
    const storage = new InMemoryIndexStorage();
    await storage.commit([{ op: 'set-max', key: 'newest', value: 20, ttlMs: 1000 }, { op: 'set-max', key: 'newest', value: 10, ttlMs: 1000 }]);
    expect(await storage.getValues(['newest'])).toEqual([20]);
    await storage.commit([{ op: 'set-max', key: 'newest', value: 30, ttlMs: 1000 }]);
    expect(await storage.getValues(['newest'])).toEqual([30]);
  });
});
