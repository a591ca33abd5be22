import { mainHeadline, type Story, type StoryUpdate } from './api.ts';

/** One row of the list: a published story, or one withdrawn (killed, or merged into another). */
export interface StoryRow {
  readonly storyId: string;
  readonly at: number;
  readonly story: Story | null;
  readonly headline: string;
  readonly killed: { readonly cause: string; readonly mergedInto: string | null } | null;
  /** Changed while the list was open. */
  readonly fresh: boolean;
}

/** Folds one public change into the rows: the newest state wins, a kill keeps the row and marks it. */
export function applyUpdate(rows: ReadonlyMap<string, StoryRow>, update: StoryUpdate, fresh: boolean): Map<string, StoryRow> {
  const next = new Map(rows);
  const before = rows.get(update.storyId);
  if (update.reason === 'KILL') {
    next.set(update.storyId, { storyId: update.storyId, at: update.occurredAt, story: before?.story ?? null, headline: before?.headline ?? '', killed: { cause: update.killCause ?? 'UNKNOWN', mergedInto: update.mergedInto }, fresh });
  } else if (update.story && !before?.killed) {
    next.set(update.storyId, { storyId: update.storyId, at: update.story.publishedAt, story: update.story, headline: mainHeadline(update.story.article), killed: null, fresh });
  }
  return next;
}


/** The list as it opens: the stories published now, and those the recent feed says were withdrawn. */
export function initialRows(stories: readonly Story[], recentFeed: readonly StoryUpdate[]): Map<string, StoryRow> {
  let rows = new Map<string, StoryRow>();
  for (const update of recentFeed) rows = applyUpdate(rows, update, false);
  for (const [id, row] of rows) if (!row.killed) rows.delete(id);
  for (const story of stories) rows.set(story.storyId, { storyId: story.storyId, at: story.publishedAt, story, headline: mainHeadline(story.article), killed: null, fresh: false });
  return rows;
}
