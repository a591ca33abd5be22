import type { IndexStorage, ScoredMember, StorageWrite } from '../dedupe/index-storage.ts';
import type { IndexCommits } from '../router/index-commit.ts';

/** Commits sent before the load waits for their answers: enough to keep Redis busy, few enough to bound what is held in memory. */
const IN_FLIGHT = 256;

/**
 * The index's storage port for a bulk load: the index's own `add` decides every write, and each
 * commit is the production one (`IndexCommits`: one script run, the same keys, values and TTLs), sent
 * without waiting for the one before. Reads `add` makes are answered from what the load itself wrote
 * (it starts from an empty namespace and none of its items leaves the window): the newest time,
 * document frequencies, and the stories, items and fingerprints of the chunk being loaded.
 */
export class BulkLoadStorage implements IndexStorage {
  readonly #commits: Pick<IndexCommits, 'commit'>;
  readonly #values = new Map<string, unknown>();
  readonly #counts = new Map<string, number>();
  #inFlight: Array<Promise<number>> = [];

  constructor(commits: Pick<IndexCommits, 'commit'>) {
    this.#commits = commits;
  }

  getValues(keys: readonly string[]): Promise<unknown[]> {
    return Promise.resolve(keys.map((key) => this.#values.get(key) ?? null));
  }

  range(): Promise<readonly ScoredMember[]> {
    return Promise.resolve([]);
  }

  newest(): Promise<readonly ScoredMember[]> {
    return Promise.resolve([]);
  }

  getCounts(_key: string, fields: readonly string[]): Promise<number[]> {
    return Promise.resolve(fields.map((field) => this.#counts.get(field) ?? 0));
  }

  async commit(writes: readonly StorageWrite[]): Promise<void> {
    for (const write of writes) {
      switch (write.op) {
        case 'set':
          // What `add` reads back (stories, fingerprints and item mappings of this chunk); not payloads.
          if (!write.key.includes(':payload:')) this.#values.set(write.key, write.value);
          break;
        case 'set-max': {
          const stored = this.#values.get(write.key);
          if (typeof stored !== 'number' || stored < write.value) this.#values.set(write.key, write.value);
          break;
        }
        case 'delete':
          this.#values.delete(write.key);
          break;
        case 'count':
          for (const [field, delta] of Object.entries(write.deltas)) this.#counts.set(field, (this.#counts.get(field) ?? 0) + delta);
          break;
        case 'sorted-add':
        case 'sorted-remove':
        case 'sorted-trim':
          break;
        default: {
          const unreachable: never = write;
          throw new Error(`unknown storage write ${JSON.stringify(unreachable)}`);
        }
      }
    }
    const sent = this.#commits.commit(writes);
    sent.catch(() => undefined);
    this.#inFlight.push(sent);
    if (this.#inFlight.length >= IN_FLIGHT) await this.flush();
  }

  /** Waits for what was sent; at the end of a chunk forgets its values but the newest time (no later item is one of its items or stories). */
  async flush(endOfChunk = false): Promise<void> {
    const sent = this.#inFlight;
    this.#inFlight = [];
    await Promise.all(sent);
    if (endOfChunk) for (const key of [...this.#values.keys()]) if (!key.endsWith(':newest')) this.#values.delete(key);
  }
}
