import type { Fingerprint } from './fingerprint.ts';
import type { Candidate, DuplicateKind } from './match-policy.ts';
import type { RecordedRoute, RoutedSubmission } from './stored-index-layout.ts';
import type { StoryProfile } from './story-profile.ts';
import type { TermStatistics } from './term-statistics.ts';

/**
 * Where the router finds candidate stories for an incoming item, and files the item once routed.
 * Bounded by a window in event time; `add` evicts what left it (see stored-index-layout.ts).
 * Lookup-then-add is serialised by the caller (the router's lock).
 */
export interface CandidateIndex {
  lookup(fp: Fingerprint): Promise<CandidateLookup>;
  /**
   * `article` is kept while the item is in the window, for a regrouping to re-send; `duplicateOf` (the
   * item it duplicates) makes the item follow that one through regroupings instead of being regrouped itself.
   */
  add(storyId: string, fp: Fingerprint, options?: AddOptions): Promise<void>;
  /** where a submission was routed, as `add` recorded it with `routed`; null when it never was (or long ago) */
  routedBefore(submissionId: string): Promise<RecordedRoute | null>;
}

export interface AddOptions {
  article?: unknown;
  duplicateOf?: { key: string; kind: DuplicateKind };
  /** the submission this add routes, recorded in the same commit so that a retried routing replays it */
  routed?: RoutedSubmission;
}

export interface CandidateLookup {
  candidates: Candidate[];
  /** profiles of the candidates' stories */
  stories: StoryProfile[];
  /** document frequencies of the incoming item's terms and names (candidates bring their own vectors) */
  stats: TermStatistics;
}
