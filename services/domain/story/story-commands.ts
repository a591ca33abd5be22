import type { Article, ArticleRef, Enrichment, SimilarityEvidence } from '../../contracts/types.generated.ts';
import type { ItemKey } from './story-state.ts';

/** The dedupe router's verdict on an article, relative to the story it was routed to. */
export type RoutingDecision =
  | { readonly kind: 'new-story' }
  | { readonly kind: 'same-item' }
  | { readonly kind: 'exact-duplicate'; readonly of: ArticleRef }
  | { readonly kind: 'near-duplicate'; readonly evidence: SimilarityEvidence }
  | { readonly kind: 'same-event'; readonly evidence: SimilarityEvidence };

export interface SubmitArticle {
  readonly type: 'SubmitArticle';
  readonly signalId: string;
  readonly article: Article;
  readonly routing: RoutingDecision;
}

/** Fired by the workflow's durable timer once the held version's embargo should have ended. */
export interface ReleaseEmbargo {
  readonly type: 'ReleaseEmbargo';
  readonly signalId: string;
  readonly at: number;
}

export interface RecordEnrichment {
  readonly type: 'RecordEnrichment';
  readonly signalId: string;
  readonly providerVersion: number;
  readonly enricherVersion: string;
  readonly enrichment: Enrichment;
}

/** An operator's withdrawal; a provider's kill arrives as SubmitArticle with a KILL signal. */
export interface Kill {
  readonly type: 'Kill';
  readonly signalId: string;
  readonly requestedBy: string;
  readonly reason: string | null;
}

/** The router regrouped one of the story's related items into another story (`movedTo`). */
export interface WithdrawRelatedItem {
  readonly type: 'WithdrawRelatedItem';
  readonly signalId: string;
  readonly item: ItemKey;
  readonly movedTo: string;
}

/** The router found this story to be the same event as `into`: it is withdrawn for good, pointing there. */
export interface MergeStory {
  readonly type: 'MergeStory';
  readonly signalId: string;
  readonly into: string;
  readonly requestedBy: string;
}

/**
 * An operator's re-parse (`storyline replay parse`): the item's raw bytes parsed again by the current
 * parsers gave another article for the same provider version. It goes to the story the item already
 * belongs to and carries no routing: membership is never decided again.
 */
export interface ReparseArticle {
  readonly type: 'ReparseArticle';
  readonly signalId: string;
  readonly article: Article;
}

export type StoryCommand = SubmitArticle | ReleaseEmbargo | RecordEnrichment | Kill | WithdrawRelatedItem | MergeStory | ReparseArticle;

/** What may be sent to a story from outside; ReleaseEmbargo comes only from the workflow's own timer. */
export type ExternalStoryCommand = Exclude<StoryCommand, ReleaseEmbargo>;

export type StoryCommandType = StoryCommand['type'];
