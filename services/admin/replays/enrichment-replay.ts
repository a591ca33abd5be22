import type { Redis } from 'ioredis';
import type { Article } from '../../contracts/types.generated.ts';
import type { ArticleEnricher } from '../../enrich/enrich-article.ts';
import { articleToEnrich } from '../../enrich/enrich-service.ts';
import type { StoryView } from '../../publish/story-view.ts';
import type { StoryClient } from '../../../workflows/story/story-client.ts';
import type { ReplayTally } from '../../../workflows/operations/operations-signals.ts';
import { canonicalJson } from '../operations/projection-hash.ts';
import type { PositionedEvent } from './public-topics-replay.ts';
import { liveStories } from './replay-state.ts';

export interface ReenrichDeps {
  readonly redis: Redis;
  /** The current enricher and its version (ENRICHER_VERSION in production). */
  readonly enricher: () => { readonly enrich: ArticleEnricher; readonly version: string };
  readonly stories: () => Promise<Pick<StoryClient, 'recordEnrichment'>>;
}

/** The versions a story still shows (published, or held under embargo): only their enrichment can change anything in public. */
function shownArticle(view: StoryView | null, article: Article): boolean {
  if (!view) return false;
  const shown = [view.published?.latest.article, view.state.status === 'embargoed' ? view.state.held.article : undefined];
  return shown.some((a) => a?.providerVersion === article.providerVersion && a.contentHash === article.contentHash);
}

const sameJson = (a: unknown, b: unknown) => canonicalJson(JSON.parse(JSON.stringify(a))) === canonicalJson(JSON.parse(JSON.stringify(b)));

/**
 * Re-enriches the versions a batch of story events accepted, with the current enricher, and sends
 * the enrichment to the story's workflow only where it differs from what the story shows: the
 * workflow records VersionEnriched and the public side publishes an ENRICHED update. The signal id
 * names the event and the enricher version, so the same re-enrichment is recorded once.
 */
export async function reenrichBatch(deps: ReenrichDeps, events: readonly PositionedEvent[], dryRun: boolean): Promise<ReplayTally> {
  const candidates = events.flatMap(({ event }) => {
    const article = articleToEnrich(event);
    return article ? [{ event, article }] : [];
  });
  const live = await liveStories(deps.redis, candidates.map((c) => c.event.storyId));
  const tally = { changed: 0, unchanged: 0, fenced: 0, skipped: 0, stories: [] as string[] };
  if (candidates.length === 0) return tally;
  const { enrich, version } = deps.enricher();
  for (const { event, article } of candidates) {
    const story = live.get(event.storyId);
    if (story?.status === 'killed') {
      tally.fenced++;
      continue;
    }
    if (!shownArticle(story?.view ?? null, article)) {
      tally.skipped++;
      continue;
    }
    const enrichment = enrich(article);
    const recorded = story!.view!.enrichments.find((e) => e.providerVersion === article.providerVersion);
    if (recorded && sameJson(recorded.enrichment, enrichment)) {
      tally.unchanged++;
      continue;
    }
    tally.changed++;
    if (tally.stories.length < 100 && !tally.stories.includes(event.storyId)) tally.stories.push(event.storyId);
    if (!dryRun) {
      await (await deps.stories()).recordEnrichment(event.storyId, { type: 'RecordEnrichment', signalId: `reenrich:${event.eventId}:${version}`, providerVersion: article.providerVersion, enricherVersion: version, enrichment });
    }
  }
  return tally;
}
