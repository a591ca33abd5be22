import type { NeighbourStory, Regrouping, StoryMember } from './regroup.ts';
import type { RoutedSubmission } from './stored-index-layout.ts';

/**
 * The stories around an incoming item as the index holds them, and the regroupings applied to them:
 * each is applied in one commit and kept pending until the caller has carried it out (signalled the
 * stories) and acknowledged it.
 */
export interface RegroupingStore {
  /** the items in the window of these stories (those with at most `maxRegroupMembers`) and the stories' anchors */
  neighbourhood(storyIds: readonly string[]): Promise<Neighbourhood>;
  /**
   * Moves the items and merges the stories in one commit, and records the regrouping as pending until
   * acknowledged, without the moves of `carriedOutByCaller` (item keys the caller routes itself);
   * `routed` re-records the caller's own submission where the regrouping sent it, in the same commit.
   */
  applyRegrouping(regrouping: Regrouping, options?: { carriedOutByCaller?: readonly string[]; routed?: RoutedSubmission }): Promise<PendingRegrouping>;
  pendingRegroupings(): Promise<PendingRegrouping[]>;
  acknowledgeRegrouping(id: string): Promise<void>;
  /** the articles given to the candidate index's `add`, null for items that left the window */
  payloads(itemKeys: readonly string[]): Promise<unknown[]>;
}

export interface Neighbourhood {
  members: StoryMember[];
  stories: NeighbourStory[];
  /** regroupings applied so far: names the stories the next one opens */
  generation: number;
}

/** A regrouping the index has applied, numbered; the caller carries it out (signals the stories) and acknowledges it. */
export interface PendingRegrouping extends Regrouping {
  id: string;
}
