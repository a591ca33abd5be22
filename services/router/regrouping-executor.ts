import type { Logger } from 'pino';
import type { Article } from '../contracts/types.generated.ts';
import type { PendingRegrouping, RegroupingStore } from '../dedupe/regrouping-store.ts';
import { movedRoute } from '../dedupe/routing-pipeline.ts';
import { StorylineError } from '../shared/errors.ts';
import type { StoryClient } from '../../workflows/story/story-client.ts';
import { toRoutingDecision } from './routing-decision.ts';

export type RegroupingStories = Pick<StoryClient, 'submit' | 'withdrawRelated' | 'mergeInto'>;

/**
 * Carries out the regroupings the index has applied but the stories have not yet heard of, oldest
 * first, then acknowledges each. Every signal id is derived from the regrouping's number, so a
 * regrouping carried out twice (a crash before the acknowledgement, two routers at once) changes
 * nothing the second time. A moved item joins its new story before it leaves the old one, so that at
 * no moment is it in neither.
 */
export async function carryOutRegroupings(store: RegroupingStore, stories: RegroupingStories, requestedBy: string, logger: Logger): Promise<void> {
  for (const pending of await store.pendingRegroupings()) {
    await carryOut(pending, store, stories, requestedBy, logger);
    await store.acknowledgeRegrouping(pending.id);
  }
}

/**
 * Carries out pending regroupings every `intervalMs` as well: the next routed submission does it too,
 * but after a crash on a quiet wire there may be none for a while. One sweep at a time.
 */
export function startRegroupingSweep(store: RegroupingStore, stories: RegroupingStories, requestedBy: string, logger: Logger, intervalMs: number): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    carryOutRegroupings(store, stories, requestedBy, logger)
      .catch((error: unknown) => logger.warn({ err: error }, 'pending regroupings not carried out; the next sweep or submission retries'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function carryOut(pending: PendingRegrouping, store: RegroupingStore, stories: RegroupingStories, requestedBy: string, logger: Logger): Promise<void> {
  const mergedAway = new Set(pending.merges.map((m) => m.storyId));
  const articles = (await store.payloads(pending.moves.map((m) => m.key))) as Array<Article | null>;
  for (const [i, move] of pending.moves.entries()) {
    const article = articles[i];
    const signalId = `regroup:${pending.id}:${move.key}`;
    if (!article) {
      // Indexed before articles were kept: its story cannot re-send it, so it stays where the stories have it.
      logger.warn({ regrouping: pending.id, item: move.item, from: move.from, to: move.to }, 'moved item has no stored article; left in its story');
      continue;
    }
    await tolerateMissingStory(logger, move.to, () => stories.submit(move.to, { type: 'SubmitArticle', signalId, article, routing: toRoutingDecision(movedRoute(move).decision) }));
    // An exact duplicate was suppressed, never related coverage: there is nothing to withdraw.
    if (!mergedAway.has(move.from) && move.duplicateOf?.kind !== 'exact-duplicate') {
      const item = { providerId: move.item.providerId, providerItemId: move.item.providerItemId };
      await tolerateMissingStory(logger, move.from, () => stories.withdrawRelated(move.from, { type: 'WithdrawRelatedItem', signalId: `${signalId}:out`, item, movedTo: move.to }));
    }
  }
  for (const merge of pending.merges) {
    const signalId = `regroup:${pending.id}:merge:${merge.storyId}`;
    await tolerateMissingStory(logger, merge.storyId, () => stories.mergeInto(merge.storyId, { type: 'MergeStory', signalId, into: merge.into, requestedBy }));
  }
  logger.info({ regrouping: pending.id, moves: pending.moves.length, merges: pending.merges.length }, 'regrouping carried out');
}

/** A story whose workflow is gone (retention) cannot be regrouped: that is logged, not retried forever. */
async function tolerateMissingStory(logger: Logger, storyId: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!(error instanceof StorylineError) || error.disposition !== 'poison') throw error;
    logger.warn({ storyId, code: error.code }, 'regrouping skipped a story without a workflow');
  }
}
