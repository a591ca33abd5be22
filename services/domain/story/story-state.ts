import type { Article, ArticleRef, KillCause, RelationKind, SimilarityEvidence } from '../../contracts/types.generated.ts';

// Plain JSON data only (no Map/Set/Date): the state crosses continue-as-new and query boundaries.

export interface ItemKey {
  readonly providerId: string;
  readonly providerItemId: string;
}

/** One version of the story's own item, as recorded in its history. */
export interface VersionSummary {
  readonly item: ArticleRef;
  /** The article's embargoed field as sent, past or future. */
  readonly embargoed: number | null;
  readonly correction: boolean;
  /** Sequence of the event that accepted or held it. */
  readonly sequence: number;
  readonly publishedAt: number | null;
  readonly enricherVersions: readonly string[];
}

/** A version with its full article: the current one or the one held under embargo. */
export interface StoryVersion {
  readonly article: Article;
  readonly correction: boolean;
  readonly sequence: number;
}

export interface RelatedItem {
  readonly item: ArticleRef;
  readonly relation: RelationKind;
  readonly evidence: SimilarityEvidence;
  /** Killed by its provider: kept so that later versions are rejected. An item regrouped away is dropped instead. */
  readonly withdrawn: boolean;
}

export interface StoryBookkeeping {
  readonly lastSequence: number;
  /** The most recent signal ids, oldest first, bounded by MAX_PROCESSED_SIGNAL_IDS. */
  readonly processedSignalIds: readonly string[];
}

export interface StoryBody {
  readonly storyId: string;
  readonly owner: ItemKey;
  readonly openedAt: number;
  /** Accepted and held versions of the story's own item, ascending by providerVersion. */
  readonly versions: readonly VersionSummary[];
  readonly related: readonly RelatedItem[];
}

export interface EmptyStory extends StoryBookkeeping {
  readonly status: 'empty';
}

export interface OpenStory extends StoryBookkeeping, StoryBody {
  readonly status: 'open';
  /** null only between StoryOpened and the version that follows it. */
  readonly current: StoryVersion | null;
}

export interface EmbargoedStory extends StoryBookkeeping, StoryBody {
  readonly status: 'embargoed';
  /** What is public meanwhile, if anything. */
  readonly current: StoryVersion | null;
  readonly held: StoryVersion & { readonly embargoedUntil: number };
}

export interface KillRecord {
  readonly cause: KillCause;
  readonly requestedBy: string;
  readonly reason: string | null;
  /** The story that carries this one's items on (cause MERGED), else null. */
  readonly mergedInto: string | null;
  readonly killedAt: number;
  readonly sequence: number;
}

export interface KilledStory extends StoryBookkeeping {
  readonly status: 'killed';
  readonly storyId: string;
  readonly kill: KillRecord;
  /** The story as it was when killed; null when the kill came before any version. */
  readonly before: (StoryBody & { readonly current: StoryVersion | null }) | null;
}

export type StoryState = EmptyStory | OpenStory | EmbargoedStory | KilledStory;

export type LiveStory = OpenStory | EmbargoedStory;

export const MAX_PROCESSED_SIGNAL_IDS = 512;

export function hasProcessedSignal(state: StoryState, signalId: string): boolean {
  return state.processedSignalIds.includes(signalId);
}

export function latestVersion(story: StoryBody): VersionSummary | undefined {
  return story.versions.at(-1);
}

export function findVersion(story: StoryBody, providerVersion: number): VersionSummary | undefined {
  return story.versions.find((version) => version.item.providerVersion === providerVersion);
}

export function findRelated(story: StoryBody, key: ItemKey): RelatedItem | undefined {
  return story.related.find((related) => related.item.providerId === key.providerId && related.item.providerItemId === key.providerItemId);
}
