import type { IndexStorage, ScoredMember, StorageWrite } from '../dedupe/index-storage.ts';
import type { IndexCommits } from './index-commit.ts';

/**
 * One routing step's view of the index in Redis: reads go through and their keys are noted; the
 * commit applies only if no commit since the step's position wrote a noted key, and otherwise fails
 * with `CommitConflict` for the caller to run the step again. The step then decides exactly as if it
 * had held a lock from its first read to its commit. Keys every routing reads and writes, whose values
 * are statistics or a clock (`unconditional`, see `readWithoutCondition`), are read without that
 * condition: a step may weigh terms without a concurrent item's counts, never misplace an item. Keys
 * the index says matter only together (`readAsGroup`: salient terms' postings, where a newer item is a
 * candidate only if it shares enough of them) conflict only when one commit wrote the quorum of them.
 */
export class ConditionalStorage implements IndexStorage {
  readonly #store: IndexStorage;
  readonly #commits: IndexCommits;
  readonly #unconditional: ReadonlySet<string>;
  readonly #read = new Set<string>();
  readonly #group = new Set<string>();
  #quorum = 1;
  #position: number;

  constructor(store: IndexStorage, commits: IndexCommits, position: number, unconditional: ReadonlySet<string>) {
    this.#store = store;
    this.#commits = commits;
    this.#position = position;
    this.#unconditional = unconditional;
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
    this.#position = await this.#commits.commit(writes, { position: this.#position, readKeys: [...this.#read], groupKeys: [...this.#group], quorum: this.#quorum });
    // What is read from here on is checked against commits after this one.
    this.#read.clear();
    this.#group.clear();
    this.#quorum = 1;
  }

  readAsGroup(keys: readonly string[], quorum: number): void {
    // One group per step: the lookup's salient terms.
    if (this.#group.size > 0) throw new Error('a routing step reads one group of keys');
    for (const key of keys) {
      this.#read.delete(key);
      this.#group.add(key);
    }
    this.#quorum = Math.max(1, quorum);
  }

  #note(key: string): void {
    if (!this.#unconditional.has(key)) this.#read.add(key);
  }
}
