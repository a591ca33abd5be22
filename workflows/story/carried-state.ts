import type { RelatedItem, StoryCommand, StoryState } from '../../services/domain/story/index.ts';

// Continue-as-new carries the state and the commands not yet decided as the next run's input, which
// must stay far below Temporal's 2 MB payload limit. Each related item takes some 300-600 bytes.
export const MAX_CARRIED_RELATED = 1_000;
export const MAX_CARRIED_PENDING_CHARS = 512 * 1024;

/**
 * The oldest related items beyond the bound are dropped, coverage still live before items their
 * provider withdrew: a dropped live item that sends again simply joins again, whereas a withdrawn one
 * is kept so that its later versions stay rejected for as long as the bound allows.
 */
export function boundedRelated(related: readonly RelatedItem[]): readonly RelatedItem[] {
  const excess = related.length - MAX_CARRIED_RELATED;
  if (excess <= 0) return related;
  const droppedLive = new Set(related.filter((r) => !r.withdrawn).slice(0, excess));
  return related.filter((r) => !droppedLive.has(r)).slice(-MAX_CARRIED_RELATED);
}

/** The state as carried into the next run: everything, except related coverage beyond the bound. */
export function carriedState(state: StoryState): StoryState {
  switch (state.status) {
    case 'empty':
      return state;
    case 'open':
    case 'embargoed':
      return { ...state, related: boundedRelated(state.related) };
    case 'killed':
      return state.before === null ? state : { ...state, before: { ...state.before, related: boundedRelated(state.before.related) } };
  }
}

/** Commands not yet decided can be carried only while they fit; otherwise the run decides more first. */
export function pendingFits(pending: readonly StoryCommand[]): boolean {
  return JSON.stringify(pending).length <= MAX_CARRIED_PENDING_CHARS;
}
