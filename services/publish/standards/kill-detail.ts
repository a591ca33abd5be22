import type { CanceledDocument } from './story-document.ts';

/** Why a story was withdrawn, in words, for the editorial note of the canceled document. */
export function killDetail(document: CanceledDocument): string {
  const { kill } = document;
  if (kill.cause === 'MERGED' && kill.mergedInto) return `Withdrawn: story ${document.storyId} was merged into story ${kill.mergedInto}.`;
  return `Withdrawn (${kill.cause}${kill.reason ? `: ${kill.reason}` : ''}).`;
}
