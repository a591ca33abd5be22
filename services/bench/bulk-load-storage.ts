import { InMemoryIndexStorage } from '../dedupe/in-memory-index-storage.ts';
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
  /** What `add` reads back, with the store's own semantics; sorted sets and payloads (never read back) are not kept. */
  readonly #written = new InMemoryIndexStorage();
  /** The values set for the chunk being loaded: forgotten at its end, unlike the newest time and the counts. */
  readonly #chunkValues = new Set<string>();
  #inFlight: Array<Promise<number>> = [];

  constructor(commits: Pick<IndexCommits, 'commit'>) {
    this.#commits = commits;
  }

  getValues(keys: readonly string[]): Promise<unknown[]> {
    return this.#written.getValues(keys);
  }

  range(): Promise<readonly ScoredMember[]> {
    return Promise.resolve([]);
  }

  newest(): Promise<readonly ScoredMember[]> {
    return Promise.resolve([]);
  }

  getCounts(key: string, fields: readonly string[]): Promise<number[]> {
    return this.#written.getCounts(key, fields);
  }

  async commit(writes: readonly StorageWrite[]): Promise<void> {
    const readBack = writes.filter(isReadBack);
    for (const write of readBack) if (write.op === 'set') this.#chunkValues.add(write.key);
    await this.#written.commit(readBack);
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
    if (!endOfChunk) return;
    await this.#written.commit([...this.#chunkValues].map((key) => ({ op: 'delete', key })));
    this.#chunkValues.clear();
  }
}

/** Whether `add` reads a write back: stories, fingerprints, item mappings, the newest time and the counts; not payloads, not sorted sets. */
function isReadBack(write: StorageWrite): boolean {
  if (write.op === 'sorted-add' || write.op === 'sorted-remove' || write.op === 'sorted-trim') return false;
  return write.op !== 'set' || !write.key.includes(':payload:');
}
