import type { CandidateIndex } from './candidate-index.ts';
import { InMemoryIndexStorage } from './in-memory-index-storage.ts';
import type { IndexStorage } from './index-storage.ts';
import type { RegroupingStore } from './regrouping-store.ts';
import { StoredCandidateIndex } from './stored-candidate-index.ts';
import type { DedupeIndexOptions } from './stored-index-layout.ts';
import { StoredRegroupingStore } from './stored-regrouping-store.ts';

/** The router's two collaborators over one store: where candidates are found, and where regroupings are kept. */
export interface DedupeIndex {
  candidates: CandidateIndex;
  regroupings: RegroupingStore;
}

export function storedDedupeIndex(storage: IndexStorage, options: Partial<DedupeIndexOptions> = {}): DedupeIndex {
  return { candidates: new StoredCandidateIndex(storage, options), regroupings: new StoredRegroupingStore(storage, options) };
}

/** The index in process memory: the evaluation, the offline `dedupe` command and unit tests run the production logic over it. */
export function inMemoryDedupeIndex(options: Partial<DedupeIndexOptions> = {}): DedupeIndex {
  return storedDedupeIndex(new InMemoryIndexStorage(), options);
}
