import { describe, expect, it } from 'vitest';
import { encodeWrites } from '../../../services/router/index-commit.ts';

describe("the dedupe index's commit script arguments", () => {
  it('names each key once, by its place after the counter and the log, and expires sorted sets after their writes', () => {
    const { keys, ops } = encodeWrites([
      { op: 'set', key: 'fp:a', value: { storyId: 's' }, ttlMs: 5000 },
      { op: 'sorted-add', key: 'lsh:1', member: 'a', score: 1_700_000_000_000, ttlMs: 9000 },
      { op: 'sorted-trim', key: 'lsh:1', keep: 200 },
      { op: 'count', key: 'df', deltas: { quake: 1, '#docs': -1 } },
      { op: 'count', key: 'df', deltas: {} },
      { op: 'set-max', key: 'newest', value: 1_700_000_000_000, ttlMs: 5000 },
      { op: 'delete', key: 'fp:a' },
    ]);
    expect(keys).toEqual(['fp:a', 'lsh:1', 'df', 'newest']);
    expect(ops).toEqual([
      ['set', 3, '{"storyId":"s"}', '5000'],
      ['zadd', 4, '1700000000000', 'a'],
      ['ztrim', 4, '200'],
      ['count', 5, 'quake', '1', '#docs', '-1'],
      ['max', 6, '1700000000000', '5000'],
      ['del', 3],
      ['expire', 4, '9000'],
    ]);
  });
});
