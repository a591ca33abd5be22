import type { IndexStorage, ScoredMember, StorageWrite } from './index-storage.ts';

/** The storage port in process memory, with Redis's semantics (sorted sets ordered by score, then member). */
export class InMemoryIndexStorage implements IndexStorage {
  readonly #values = new Map<string, unknown>();
  readonly #sorted = new Map<string, SortedSet>();
  readonly #counts = new Map<string, Map<string, number>>();

  getValues(keys: readonly string[]): Promise<unknown[]> {
    return Promise.resolve(keys.map((key) => this.#values.get(key) ?? null));
  }

  range(key: string, below?: number): Promise<readonly ScoredMember[]> {
    return Promise.resolve(this.#sorted.get(key)?.range(below) ?? []);
  }

  newest(key: string, count: number): Promise<readonly ScoredMember[]> {
    const members = this.#sorted.get(key)?.range() ?? [];
    return Promise.resolve(members.slice(Math.max(0, members.length - count)));
  }

  getCounts(key: string, fields: readonly string[]): Promise<number[]> {
    const hash = this.#counts.get(key);
    return Promise.resolve(fields.map((field) => hash?.get(field) ?? 0));
  }

  commit(writes: readonly StorageWrite[]): Promise<void> {
    for (const write of writes) this.#apply(write);
    return Promise.resolve();
  }

  #apply(write: StorageWrite): void {
    switch (write.op) {
      case 'set':
        this.#values.set(write.key, write.value);
        return;
      case 'set-max': {
        const stored = this.#values.get(write.key);
        if (typeof stored !== 'number' || stored < write.value) this.#values.set(write.key, write.value);
        return;
      }
      case 'delete':
        this.#values.delete(write.key);
        this.#sorted.delete(write.key);
        this.#counts.delete(write.key);
        return;
      case 'sorted-add': {
        const set = this.#sorted.get(write.key) ?? new SortedSet();
        set.add(write.member, write.score);
        this.#sorted.set(write.key, set);
        return;
      }
      case 'sorted-remove': {
        const set = this.#sorted.get(write.key);
        set?.remove(write.member);
        if (set?.size === 0) this.#sorted.delete(write.key);
        return;
      }
      case 'sorted-trim': {
        const set = this.#sorted.get(write.key);
        set?.trim(write.keep);
        if (set?.size === 0) this.#sorted.delete(write.key);
        return;
      }
      case 'count': {
        const hash = this.#counts.get(write.key) ?? new Map<string, number>();
        for (const [field, delta] of Object.entries(write.deltas)) {
          const n = (hash.get(field) ?? 0) + delta;
          if (n <= 0) hash.delete(field);
          else hash.set(field, n);
        }
        if (hash.size === 0) this.#counts.delete(write.key);
        else this.#counts.set(write.key, hash);
        return;
      }
      default: {
        const unreachable: never = write;
        throw new Error(`unknown storage write ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

/** Members kept sorted by (score, member): inserts are mostly appends, since scores are event times. */
class SortedSet {
  readonly #scores = new Map<string, number>();
  readonly #members: ScoredMember[] = [];

  get size(): number {
    return this.#scores.size;
  }

  add(member: string, score: number): void {
    if (this.#scores.get(member) === score) return;
    this.remove(member);
    this.#scores.set(member, score);
    const entry = { member, score };
    const last = this.#members[this.#members.length - 1];
    if (!last || compare(last, entry) < 0) this.#members.push(entry);
    else this.#members.splice(this.#position(entry), 0, entry);
  }

  remove(member: string): void {
    const score = this.#scores.get(member);
    if (score === undefined) return;
    this.#scores.delete(member);
    this.#members.splice(this.#position({ member, score }), 1);
  }

  trim(keep: number): void {
    const excess = this.#members.length - keep;
    if (excess <= 0) return;
    for (const { member } of this.#members.splice(0, excess)) this.#scores.delete(member);
  }

  range(below?: number): readonly ScoredMember[] {
    if (below === undefined) return this.#members;
    let end = 0;
    while (end < this.#members.length && this.#members[end]!.score < below) end++;
    return this.#members.slice(0, end);
  }

  /** index of the first member not ranked before `entry` */
  #position(entry: ScoredMember): number {
    let lo = 0;
    let hi = this.#members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.#members[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compare(a: ScoredMember, b: ScoredMember): number {
  return a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0);
}
