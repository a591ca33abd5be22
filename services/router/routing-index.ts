import type { DedupeIndex } from '../dedupe/dedupe-index.ts';
import type { ReadCounts } from './rehearsed-reads.ts';

/**
 * The dedupe index as the router uses it: read and written directly (regroupings carried out, the
 * sweep), or routed in two passes, a rehearsal outside the routing lock and the routing itself under it.
 */
export interface RoutingIndex extends DedupeIndex {
  rehearse(): Promise<Rehearsal>;
}

export interface Rehearsal {
  /** reads the store and keeps what it read; its writes go nowhere */
  readonly index: DedupeIndex;
  /** under the lock: the index whose reads reuse the rehearsal's wherever no commit has written since it began */
  underLock(): Promise<DedupeIndex>;
  readonly reads: ReadCounts;
}
