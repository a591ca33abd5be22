import type { Article, Enrichment, Story, UpdateReason, VersionChanges } from '../contracts/types.generated.ts';
import { evolve, initialState, type KillRecord, type RecordedStoryEvent, type StoryState } from '../domain/story/index.ts';
import { storyFacets } from './facets.ts';
import { mainHeadline, versionChanges } from './paragraph-diff.ts';

export type PublishReason = Extract<UpdateReason, 'NEW' | 'UPDATE' | 'CORRECTION' | 'EMBARGO_RELEASED'>;
export type RevisionReason = Extract<UpdateReason, 'ENRICHED' | 'RELATED'>;

/** One published version as kept in the history: the article as it went out and what it changed. */
export interface PublishedVersion {
  readonly version: number;
  readonly sequence: number;
  readonly publishedAt: number;
  readonly correction: boolean;
  readonly reason: PublishReason;
  readonly article: Article;
  readonly changes: VersionChanges;
  /** The OpenTelemetry trace that carried this version into the read model, when tracing was on (set by the projection, not the fold). */
  readonly traceId?: string | null;
}

/** The latest published version as the view keeps it: what it changed lives in the history (the versions), not in the fold. */
export type ShownVersion = Omit<PublishedVersion, 'changes' | 'traceId'>;

export interface EnrichmentRecord {
  readonly providerVersion: number;
  readonly enricherVersion: string;
  readonly enrichment: Enrichment;
}

/**
 * The read model of one story: the domain state (the same `evolve` the workflow uses decides every
 * lifecycle rule) plus what the public side needs that the domain does not keep: the published
 * article, enrichment content and related headlines. Plain JSON so it can live in Redis.
 */
export interface StoryView {
  readonly storyId: string;
  readonly state: StoryState;
  readonly published: { readonly firstPublishedAt: number; readonly latest: ShownVersion; readonly versions: readonly number[] } | null;
  readonly enrichments: readonly EnrichmentRecord[];
  readonly relatedHeadlines: Readonly<Record<string, string>>;
  readonly releasedVersion: number | null;
}

/** What one event changed in public, if anything; each change is one record on the public topics. */
export type ViewChange =
  | { readonly kind: 'published'; readonly reason: PublishReason; readonly version: PublishedVersion; readonly story: Story }
  | { readonly kind: 'revised'; readonly reason: RevisionReason; readonly story: Story }
  | { readonly kind: 'killed'; readonly kill: KillRecord; readonly before: Story };

export interface Applied {
  readonly view: StoryView;
  readonly change: ViewChange | null;
}

export function initialView(storyId: string): StoryView {
  return { storyId, state: initialState(), published: null, enrichments: [], relatedHeadlines: {}, releasedVersion: null };
}

export function relatedKey(item: { providerId: string; providerItemId: string }): string {
  return `${item.providerId}/${item.providerItemId}`;
}

/** The story as the public sees it: null until a version is published and for ever after a kill. */
/**
 * What a public story carries about related coverage is bounded (the latest items joined, each
 * headline cut), so that no amount of coverage by others grows a `stories.v1` record past the
 * record limit (services/shared/kafka/message-limits.ts); the story events keep every item.
 */
export const MAX_RELATED_IN_STORY = 100;
export const MAX_RELATED_HEADLINE_CHARS = 300;

function boundedHeadline(headline: string | null): string | null {
  return headline === null || headline.length <= MAX_RELATED_HEADLINE_CHARS ? headline : `${headline.slice(0, MAX_RELATED_HEADLINE_CHARS - 1)}…`;
}

/** Whether the story has a public side (what `publicStory` answers, without building it). */
export function isPublic(view: StoryView): boolean {
  return view.published !== null && view.state.status !== 'empty' && view.state.status !== 'killed';
}

export function publicStory(view: StoryView): Story | null {
  const { state, published } = view;
  if (!published || state.status === 'empty' || state.status === 'killed') return null;
  const { latest } = published;
  const enriched = view.enrichments.find((e) => e.providerVersion === latest.version) ?? null;
  return {
    storyId: view.storyId,
    sequence: state.lastSequence,
    version: latest.version,
    correction: latest.correction,
    firstPublishedAt: published.firstPublishedAt,
    publishedAt: latest.publishedAt,
    article: latest.article,
    enrichment: enriched?.enrichment ?? null,
    enricherVersion: enriched?.enricherVersion ?? null,
    related: state.related
      .filter((r) => !r.withdrawn)
      .slice(-MAX_RELATED_IN_STORY)
      .map((r) => ({ item: r.item, relation: r.relation, score: r.evidence.total, headline: boundedHeadline(view.relatedHeadlines[relatedKey(r.item)] ?? null) })),
    facets: storyFacets(latest.article, enriched?.enrichment ?? null),
    publishedVersions: [...published.versions],
  };
}

export function evolveView(view: StoryView, event: RecordedStoryEvent): StoryView {
  return applyEvent(view, event).view;
}

/**
 * Applies one event to the view and says what changed in public. A redelivered or replayed event
 * (sequence at or below the last applied) returns the view untouched and no change.
 */
export function applyEvent(view: StoryView, event: RecordedStoryEvent): Applied {
  if (event.sequence <= view.state.lastSequence) return { view, change: null };
  const state = evolve(view.state, event);
  const next: StoryView = { ...view, state };
  if (view.state.status === 'killed') return { view: next, change: null };
  switch (event.type) {
    case 'VersionPublished':
      return publish(next, event.payload.item.providerVersion, event.payload.item.contentHash, event.payload.publishedAt, event.sequence);
    case 'EmbargoReleased':
      return { view: { ...next, releasedVersion: event.payload.providerVersion }, change: null };
    case 'VersionEnriched': {
      const { providerVersion, enricherVersion, enrichment } = event.payload;
      const enrichments = [...next.enrichments.filter((e) => e.providerVersion !== providerVersion), { providerVersion, enricherVersion, enrichment }];
      return revised({ ...next, enrichments }, 'ENRICHED', next.published?.latest.version === providerVersion);
    }
    case 'RelatedItemJoined': {
      const { article } = event.payload;
      const relatedHeadlines = { ...next.relatedHeadlines, [relatedKey({ providerId: article.provider.id, providerItemId: article.providerItemId })]: mainHeadline(article) };
      return revised({ ...next, relatedHeadlines }, 'RELATED', true);
    }
    case 'RelatedItemWithdrawn':
      return revised(withoutStaleHeadlines(next), 'RELATED', true);
    case 'StoryKilled': {
      if (state.status !== 'killed') return { view: next, change: null };
      // The kill fence: everything public goes, only the tombstone (the kill record) stays.
      const before = publicStory(view);
      const fenced: StoryView = { ...next, state: { ...state, before: null }, published: null, enrichments: [], relatedHeadlines: {}, releasedVersion: null };
      // A story never published leaves nothing public to withdraw: no tombstone, no update.
      return { view: fenced, change: before ? { kind: 'killed', kill: state.kill, before } : null };
    }
    case 'StoryOpened':
    case 'VersionAccepted':
    case 'CorrectionAccepted':
    case 'EmbargoHeld':
      return { view: withoutStaleEnrichments(next), change: null };
    case 'ArticleReceived':
    case 'StaleVersionRejected':
    case 'DuplicateSuppressed':
    case 'CommandRejected':
      return { view: next, change: null };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function publish(view: StoryView, providerVersion: number, contentHash: string, publishedAt: number, sequence: number): Applied {
  const { state, published } = view;
  if (state.status !== 'open' && state.status !== 'embargoed') return { view, change: null };
  const current = state.current;
  // Only the current version can be published: a held (embargoed) article never reaches this point.
  if (!current || current.article.providerVersion !== providerVersion || current.article.contentHash !== contentHash) return { view, change: null };
  if (published?.latest.version === providerVersion && published.latest.article.contentHash === contentHash) return { view, change: null };
  const reason: PublishReason = view.releasedVersion === providerVersion ? 'EMBARGO_RELEASED' : !published ? 'NEW' : current.correction ? 'CORRECTION' : 'UPDATE';
  const shown: ShownVersion = { version: providerVersion, sequence, publishedAt, correction: current.correction, reason, article: current.article };
  const version: PublishedVersion = { ...shown, changes: versionChanges(published?.latest.article ?? null, current.article) };
  const versions = [...(published?.versions ?? []).filter((v) => v !== providerVersion), providerVersion].sort((a, b) => a - b);
  const next = withoutStaleEnrichments({
    ...view,
    published: { firstPublishedAt: published?.firstPublishedAt ?? publishedAt, latest: shown, versions },
    releasedVersion: view.releasedVersion === providerVersion ? null : view.releasedVersion,
  });
  const story = publicStory(next);
  return { view: next, change: story ? { kind: 'published', reason, version, story } : null };
}

function revised(view: StoryView, reason: RevisionReason, affectsPublic: boolean): Applied {
  const story = affectsPublic ? publicStory(view) : null;
  return { view, change: story ? { kind: 'revised', reason, story } : null };
}

/** Enrichment is kept only for versions that can still be shown: the published, current and held ones. */
function withoutStaleEnrichments(view: StoryView): StoryView {
  const { state } = view;
  const keep = new Set<number>();
  if (view.published) keep.add(view.published.latest.version);
  if (state.status === 'open' || state.status === 'embargoed') {
    if (state.current) keep.add(state.current.article.providerVersion);
    const latest = state.versions.at(-1);
    if (latest) keep.add(latest.item.providerVersion);
  }
  if (state.status === 'embargoed') keep.add(state.held.article.providerVersion);
  const enrichments = view.enrichments.filter((e) => keep.has(e.providerVersion));
  return enrichments.length === view.enrichments.length ? view : { ...view, enrichments };
}

/** Headlines are kept for the items the story still lists: an item regrouped away takes its headline along. */
function withoutStaleHeadlines(view: StoryView): StoryView {
  const { state } = view;
  if (state.status !== 'open' && state.status !== 'embargoed') return view;
  const listed = new Set(state.related.map((r) => relatedKey(r.item)));
  const kept = Object.entries(view.relatedHeadlines).filter(([key]) => listed.has(key));
  return kept.length === Object.keys(view.relatedHeadlines).length ? view : { ...view, relatedHeadlines: Object.fromEntries(kept) };
}
