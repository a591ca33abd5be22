import type { IndexStorage, ScoredMember, StorageWrite } from '../dedupe/index-storage.ts';
import type { WrittenSince } from './commit-log.ts';

/** How the reads of the pass under the lock were served. */
export interface ReadCounts {
  /** reads served by the rehearsal's values (some of them refreshed) */
  reused: number;
  /** values written since the rehearsal read them, read again together under the lock */
  refreshed: number;
  /** reads under the lock the rehearsal had not made, or of keys the routing itself had written */
  fetched: number;
}

type Read =
  | { kind: 'value'; key: string }
  | { kind: 'range'; key: string; below: number | undefined }
  | { kind: 'newest'; key: string; count: number }
  | { kind: 'count'; key: string; field: string };

/**
 * The reads of one routing, made twice. The rehearsal runs outside the lock: its reads go to the store
 * and are kept, its writes are dropped. Under the lock, what commits wrote since the rehearsal began is
 * read again in one round trip (`refresh`); the routing then reads the kept values, the store for what
 * the rehearsal did not read, and the store again for what it writes itself. Each value it sees is the
 * store's value at that moment, as if it had read everything under the lock: the routing decides
 * exactly as it would without a rehearsal, in fewer round trips while it holds the lock.
 */
export class RehearsedReads {
  readonly #store: IndexStorage;
  readonly #kept = new Map<string, { read: Read; value: unknown }>();
  readonly #written = new Set<string>();
  readonly counts: ReadCounts = { reused: 0, refreshed: 0, fetched: 0 };

  constructor(store: IndexStorage) {
    this.#store = store;
  }

  /** The rehearsal's view of the store: reads through and kept, writes nowhere. */
  rehearsal(): IndexStorage {
    const store = this.#store;
    const keep = <T>(read: Read, value: T): T => (this.#kept.set(idOf(read), { read, value }), value);
    return {
      getValues: async (keys) => (await store.getValues(keys)).map((value, i) => keep({ kind: 'value', key: keys[i]! }, value)),
      range: async (key, below) => keep({ kind: 'range', key, below }, await store.range(key, below)),
      newest: async (key, count) => keep({ kind: 'newest', key, count }, await store.newest(key, count)),
      getCounts: async (key, fields) => (await store.getCounts(key, fields)).map((count, i) => keep({ kind: 'count', key, field: fields[i]! }, count)),
      commit: () => Promise.resolve(),
    };
  }

  /**
   * Under the lock: reads again, together, every kept value of a key written since the rehearsal began.
   * The lock keeps other routers' commits out from then on, so each kept value stays the store's until
   * this routing writes its key itself.
   */
  async refresh(since: WrittenSince): Promise<void> {
    const stale = [...this.#kept.values()].filter(({ read }) => since.kind === 'unknown' || since.keys.has(read.key)).map(({ read }) => read);
    const values = stale.filter((read) => read.kind === 'value');
    const countKeys = [...new Set(stale.flatMap((read) => (read.kind === 'count' ? [read.key] : [])))];
    const fieldsOf = countKeys.map((key) => stale.flatMap((read) => (read.kind === 'count' && read.key === key ? [read.field] : [])));
    const [valueAnswers, countAnswers, setAnswers] = await Promise.all([
      this.#store.getValues(values.map((read) => read.key)),
      Promise.all(countKeys.map((key, i) => this.#store.getCounts(key, fieldsOf[i]!))),
      Promise.all(stale.map((read) => (read.kind === 'range' ? this.#store.range(read.key, read.below) : read.kind === 'newest' ? this.#store.newest(read.key, read.count) : Promise.resolve(null)))),
    ]);
    const refreshed = (read: Read, value: unknown) => this.#kept.set(idOf(read), { read, value });
    values.forEach((read, i) => refreshed(read, valueAnswers[i]));
    countKeys.forEach((key, i) => fieldsOf[i]!.forEach((field, j) => refreshed({ kind: 'count', key, field }, countAnswers[i]![j])));
    stale.forEach((read, i) => setAnswers[i] !== null && refreshed(read, setAnswers[i]));
    this.counts.refreshed += stale.length;
  }

  /** The view for the routing under the lock, once refreshed. */
  locked(): IndexStorage {
    const store = this.#store;
    return {
      getValues: async (keys) => {
        const missing = keys.filter((key) => !this.#has({ kind: 'value', key }));
        const fetched = await this.#fetch(missing.length, () => store.getValues(missing));
        const byKey = new Map(missing.map((key, i) => [key, fetched[i]]));
        return keys.map((key) => (byKey.has(key) ? byKey.get(key) : this.#reuse({ kind: 'value', key })));
      },
      range: (key, below) => {
        const read: Read = { kind: 'range', key, below };
        return this.#has(read) ? Promise.resolve(this.#reuse(read) as readonly ScoredMember[]) : this.#fetch(1, () => store.range(key, below));
      },
      newest: (key, count) => {
        const read: Read = { kind: 'newest', key, count };
        return this.#has(read) ? Promise.resolve(this.#reuse(read) as readonly ScoredMember[]) : this.#fetch(1, () => store.newest(key, count));
      },
      getCounts: async (key, fields) => {
        const missing = fields.filter((field) => !this.#has({ kind: 'count', key, field }));
        const fetched = await this.#fetch(missing.length, () => store.getCounts(key, missing));
        const byField = new Map(missing.map((field, i) => [field, fetched[i]!]));
        return fields.map((field) => byField.get(field) ?? (this.#reuse({ kind: 'count', key, field }) as number));
      },
      commit: async (writes: readonly StorageWrite[]) => {
        await store.commit(writes);
        for (const write of writes) this.#written.add(write.key);
      },
    };
  }

  #has(read: Read): boolean {
    return !this.#written.has(read.key) && this.#kept.has(idOf(read));
  }

  #reuse(read: Read): unknown {
    this.counts.reused++;
    return this.#kept.get(idOf(read))!.value;
  }

  #fetch<T>(count: number, read: () => Promise<T>): Promise<T> {
    this.counts.fetched += count;
    return read();
  }
}

function idOf(read: Read): string {
  switch (read.kind) {
    case 'value':
      return `v\u0000${read.key}`;
    case 'range':
      return `r\u0000${read.key}\u0000${read.below ?? ''}`;
    case 'newest':
      return `n\u0000${read.key}\u0000${read.count}`;
    case 'count':
      return `c\u0000${read.key}\u0000${read.field}`;
    default: {
      const unreachable: never = read;
      return unreachable;
    }
  }
}
