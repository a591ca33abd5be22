/**
 * The storage port under the candidate index: the few Redis data types the index needs, so that one
 * index implementation runs over an in-process store (evaluation, tests) and over Redis (production).
 * Values are plain JSON values; the in-process store keeps them as given, so callers never mutate them.
 */
export interface IndexStorage {
  /** one value per key, null when absent */
  getValues(keys: readonly string[]): Promise<Array<unknown>>;
  /**
   * Members of a sorted set in ascending (score, member) order; only scores below `below` when given.
   * The answer is read before the next commit: an in-process store may hand out its own array.
   */
  range(key: string, below?: number): Promise<readonly ScoredMember[]>;
  /** the `count` highest-ranked members of a sorted set, in ascending order */
  newest(key: string, count: number): Promise<readonly ScoredMember[]>;
  /** integer fields of a hash, 0 when absent */
  getCounts(key: string, fields: readonly string[]): Promise<number[]>;
  /** applies the writes in order, all or none */
  commit(writes: readonly StorageWrite[]): Promise<void>;
  /**
   * Says that the keys just read bear on the decision only together: another commit would change it
   * only by writing `quorum` or more of them. A storage whose commit checks that nothing read changed
   * meanwhile (the router's) uses it to let unrelated items through; any other ignores it.
   */
  readAsGroup?(keys: readonly string[], quorum: number): void;
}

export interface ScoredMember {
  member: string;
  score: number;
}

/** `ttlMs` is a wall-clock backstop only: the index evicts by event time itself. */
export type StorageWrite =
  | { op: 'set'; key: string; value: unknown; ttlMs: number }
  /** sets a number unless the stored one is higher: a clock that concurrent commits only move forward */
  | { op: 'set-max'; key: string; value: number; ttlMs: number }
  | { op: 'delete'; key: string }
  | { op: 'sorted-add'; key: string; member: string; score: number; ttlMs?: number }
  | { op: 'sorted-remove'; key: string; member: string }
  /** keeps the `keep` highest-ranked members */
  | { op: 'sorted-trim'; key: string; keep: number }
  /** adds to integer hash fields; a field that falls to 0 or below is removed */
  | { op: 'count'; key: string; deltas: Readonly<Record<string, number>> };
