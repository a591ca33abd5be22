import type { Redis } from 'ioredis';
import type { Article, Submission } from '../../contracts/types.generated.ts';
import type { StoryState } from '../../domain/story/index.ts';
import type { ParseInput, ParseResult } from '../../ingest/parsers/index.ts';
import { itemsToAccept } from '../../ingest/submission/accept-submission.ts';
import type { StoryClient } from '../../../workflows/story/story-client.ts';
import type { ReplayTally } from '../../../workflows/operations/operations-signals.ts';
import { liveStories, replayKeys } from './replay-state.ts';

export interface ReparseDeps {
  readonly redis: Redis;
  /** The current parsers (`parseItems` in production). */
  readonly parse: (input: ParseInput) => ParseResult[];
  readonly stories: () => Promise<Pick<StoryClient, 'reparse'>>;
}

/**
 * The submission's raw bytes parsed again by the current parsers, as the item it was: the item of a
 * multi-item document with the same provider item id, its identity (uri, version, declared ids) and
 * raw reference kept as recorded. null when the parsers now refuse it.
 */
export function reparseSubmission(parse: ReparseDeps['parse'], submission: Submission): Article | null {
  const recorded = submission.article;
  const parsed = itemsToAccept(
    parse({ bytes: submission.raw, contentType: submission.contentType, provider: { id: recorded.provider.id, name: recorded.provider.name }, submissionId: submission.submissionId, receivedAt: submission.receivedAt }),
  );
  if (!parsed.ok) return null;
  const item = parsed.items.find((i) => i.article.providerItemId === recorded.providerItemId) ?? (parsed.items.length === 1 ? parsed.items[0] : undefined);
  if (!item) return null;
  return { ...item.article, uri: recorded.uri, version: recorded.version, providerItemId: recorded.providerItemId, providerVersion: recorded.providerVersion, provider: recorded.provider, raw: recorded.raw };
}

/** Whether the story holds this very version of the item now: as its latest own version, or as related coverage not withdrawn. */
export function holdsVersion(state: StoryState, article: Article): boolean {
  if (state.status !== 'open' && state.status !== 'embargoed') return false;
  const same = (item: { providerId: string; providerItemId: string; providerVersion: number; contentHash: string }) =>
    item.providerId === article.provider.id && item.providerItemId === article.providerItemId && item.providerVersion === article.providerVersion && item.contentHash === article.contentHash;
  const latest = state.versions.at(-1);
  return (latest !== undefined && same(latest.item)) || state.related.some((r) => !r.withdrawn && same(r.item));
}

export interface PositionedSubmission {
  readonly submission: Submission;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Re-parses a batch of submissions; where the headline or body came out different, sends the new
 * article to the story that holds the item now (found through the stories that received the
 * submission, never by routing it again). A story that is killed or merged takes nothing.
 */
export async function reparseBatch(deps: ReparseDeps, replayId: string, submissions: readonly PositionedSubmission[], only: ReadonlySet<string> | null, dryRun: boolean): Promise<ReplayTally> {
  const tally = { changed: 0, unchanged: 0, fenced: 0, skipped: 0, stories: [] as string[] };
  const changed: Array<{ submission: Submission; article: Article; candidates: string[] }> = [];
  for (const { submission } of submissions) {
    const article = reparseSubmission(deps.parse, submission);
    if (article === null) {
      tally.skipped++;
      continue;
    }
    if (article.contentHash === submission.article.contentHash) {
      tally.unchanged++;
      continue;
    }
    changed.push({ submission, article, candidates: [] });
  }
  if (changed.length === 0) return tally;
  const members = await deps.redis.hmget(replayKeys(replayId).members, ...changed.map((c) => c.submission.submissionId));
  changed.forEach((c, i) => c.candidates.push(...((members[i] ? (JSON.parse(members[i]) as string[]) : []).filter((id) => only === null || only.has(id)))));
  const live = await liveStories(deps.redis, changed.flatMap((c) => c.candidates));
  for (const { submission, article, candidates } of changed) {
    if (candidates.length === 0 && only !== null) continue;
    const holder = candidates.find((id) => {
      const view = live.get(id)?.view;
      return view !== null && view !== undefined && holdsVersion(view.state, submission.article);
    });
    if (!holder) {
      if (candidates.some((id) => live.get(id)?.status === 'killed')) tally.fenced++;
      else tally.skipped++;
      continue;
    }
    tally.changed++;
    if (tally.stories.length < 100 && !tally.stories.includes(holder)) tally.stories.push(holder);
    if (!dryRun) await (await deps.stories()).reparse(holder, { type: 'ReparseArticle', signalId: `reparse:${submission.submissionId}:${article.contentHash}`, article });
  }
  return tally;
}
