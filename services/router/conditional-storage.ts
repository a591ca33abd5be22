import type { IndexStorage, ScoredMember, StorageWrite } from '../dedupe/index-storage.ts';
import type { ReadCondition } from '../dedupe/stored-index-layout.ts';
import type { IndexCommits } from './index-commit.ts';

/**
 * One routing step's view of the index in Redis: reads go through and their keys are noted; the
 * commit applies only if no commit since the step's position wrote a noted key, and otherwise fails
 * with `CommitConflict` for the caller to run the step again. The step then decides exactly as if it
 * had held a lock from its first read to its commit. How each key's read conditions the commit is the
 * index layout's to say (`readConditionOf`): statistics and the clock not at all (a step may weigh
 * terms without a concurrent item's counts, never misplace an item), salient terms' postings only
 * when one commit added to as many of them as make a candidate.
 */
export class ConditionalStorage implements IndexStorage {
  readonly #store: IndexStorage;
  readonly #commits: IndexCommits;
  readonly #conditionOf: (key: string) => ReadCondition;
  readonly #sharedTerms: number;
  readonly #read = new Set<string>();
  readonly #terms = new Set<string>();
  #position: number;

  constructor(store: IndexStorage, commits: IndexCommits, position: number, conditions: { conditionOf: (key: string) => ReadCondition; sharedTerms: number }) {
    this.#store = store;
    this.#commits = commits;
    this.#position = position;
    this.#conditionOf = conditions.conditionOf;
    this.#sharedTerms = conditions.sharedTerms;
  }

  getValues(keys: readonly string[]): Promise<unknown[]> {
    for (const key of keys) this.#note(key);
    return this.#store.getValues(keys);
  }

  range(key: string, below?: number): Promise<readonly ScoredMember[]> {
    this.#note(key);
    return this.#store.range(key, below);
  }

  newest(key: string, count: number): Promise<readonly ScoredMember[]> {
    this.#note(key);
    return this.#store.newest(key, count);
  }

  getCounts(key: string, fields: readonly string[]): Promise<number[]> {
    this.#note(key);
    return this.#store.getCounts(key, fields);
  }

  async commit(writes: readonly StorageWrite[]): Promise<void> {
    this.#position = await this.#commits.commit(writes, { position: this.#position, readKeys: [...this.#read], groupKeys: [...this.#terms], quorum: this.#sharedTerms });
    // What is read from here on is checked against commits after this one.
    this.#read.clear();
    this.#terms.clear();
  }

  #note(key: string): void {
    const condition = this.#conditionOf(key);
    if (condition === 'unchanged') this.#read.add(key);
    else if (condition === 'shared-terms') this.#terms.add(key);
  }
}
