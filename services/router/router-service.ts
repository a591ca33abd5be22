import { setTimeout } from 'node:timers/promises';
import { Mutex } from 'async-mutex';
import { codecFor } from '../contracts/avro-codec.ts';
import type { Submission } from '../contracts/types.generated.ts';
import { loadBackgroundStatistics } from '../dedupe/background-statistics.ts';
import { PairScoreCache } from '../dedupe/event-clustering.ts';
import { fingerprintArticle } from '../dedupe/fingerprint.ts';
import type { DedupeIndex } from '../dedupe/dedupe-index.ts';
import type { RoutedArticle, RoutingOptions } from '../dedupe/routing-pipeline.ts';
import { placeArticle, regroupAround, regroupsAround, routeArticle } from '../dedupe/routing-pipeline.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startServiceConsumer } from '../shared/platform/service-consumer.ts';
import { withRedisLock } from '../shared/redis/redis-lock.ts';
import { retriable } from '../shared/errors.ts';
import { StoryClient } from '../../workflows/story/story-client.ts';
import { CommitConflict } from './index-commit.ts';
import { redisDedupeIndex, type RouterIndex } from './redis-index-storage.ts';
import type { RegroupingStories } from './regrouping-executor.ts';
import { carryOutRegroupings, startRegroupingSweep } from './regrouping-executor.ts';
import { toRoutingDecision } from './routing-decision.ts';
import { StorySignalQueue } from './story-signal-queue.ts';

export const ROUTER_CONSUMER: ConsumerDeclaration = {
  name: 'dedupe-router',
  input: (topics) => topics.submissions.name,
  description: 'routes each submission to its story (dedupe) and signals the story workflow',
};
/**
 * The global routing lock of earlier releases (every routing, across router processes, one at a time),
 * kept for routers that coordinate by it (`coordination: 'locked'`), the benchmark's baseline.
 */
export const ROUTING_LOCK = 'dd:{idx}:lock';
const REGROUPING_SWEEP_MS = 10_000;
/** Conflicting commits one routing step tolerates before it fails retriably (the consumer redelivers). */
const MAX_STEP_ATTEMPTS = 50;

export interface Router {
  route(submission: Submission): Promise<{ storyId: string; decision: string }>;
}

/**
 * How routers keep lookup-then-add consistent with each other: two near-duplicates routed at once
 * must not both open a story. `optimistic` (production): each routing step (filing the item, then
 * regrouping around it) commits only if nothing it read was written meanwhile, and runs again if it
 * was, so unrelated items never wait for each other. `locked`: one global lock around each routing.
 */
export type RoutingCoordination = 'optimistic' | 'locked';

export interface RouterOptions {
  coordination?: RoutingCoordination;
  /** told each time a routing step conflicted with another router's commit and runs again, with the ms the step had taken */
  onConflict?: (conflict: CommitConflict, lostMs: number) => void;
}

export function createRouter(platform: Platform, index: RouterIndex, stories: RegroupingStories, options: RouterOptions = {}): Router {
  const logger = platform.logger.child({ component: 'router' });
  const pairScores = new PairScoreCache();

  /** Runs one routing step until its commit finds nothing it read changed. */
  async function untilCommitted<T>(step: (index: DedupeIndex) => Promise<T>, submissionId: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const began = performance.now();
      try {
        return await step(await index.step());
      } catch (error) {
        if (!(error instanceof CommitConflict)) throw error;
        options.onConflict?.(error, performance.now() - began);
        if (attempt >= MAX_STEP_ATTEMPTS) throw retriable('routing_contended', `routing ${submissionId} conflicted ${attempt} times with other routers`, error);
        logger.debug({ submissionId, attempt, key: error.key }, 'routing step conflicted with another router; running it again');
        // The router that won is usually one step from done: a short random pause lets it finish.
        await setTimeout(Math.random() * Math.min(attempt, 10) * 5);
      }
    }
  }

  async function routeOptimistically(submission: Submission, routing: RoutingOptions): Promise<RoutedArticle> {
    const placed = await untilCommitted((step) => placeArticle(submission.article, step, routing), submission.submissionId);
    if (!regroupsAround(placed, routing)) return regroupAround(placed, index, routing);
    return untilCommitted((step) => regroupAround(placed, step, routing), submission.submissionId);
  }

  function routeOne(submission: Submission): Promise<RoutedArticle> {
    // Fingerprinting is pure: it is done once, before any attempt.
    const routing: RoutingOptions = { pairScores, receivedAt: submission.receivedAt, submissionId: submission.submissionId, fingerprint: fingerprintArticle(submission.article) };
    if (options.coordination === 'locked') return withRedisLock(platform.redis, ROUTING_LOCK, () => routeArticle(submission.article, index, routing));
    return routeOptimistically(submission, routing);
  }

  // Routings of this process take turns, in arrival order, so that signals to one story leave in the
  // order the index took them; other router processes route meanwhile.
  const routingTurn = new Mutex();
  const signals = new StorySignalQueue();
  const regroupingTurn = new Mutex();

  return {
    async route(submission) {
      const { article } = submission;
      const { routed, signalled } = await routingTurn.runExclusive(async () => {
        const routed = await routeOne(submission);
        // Queued before the next submission is routed: signals to one story keep the routing order.
        // The submission id is the signal id: a redelivered submission is ignored by the workflow.
        const signalled = signals.enqueue(routed.storyId, () => stories.submit(routed.storyId, { type: 'SubmitArticle', signalId: submission.submissionId, article, routing: toRoutingDecision(routed.decision) }));
        return { routed, signalled };
      });
      await signalled;
      logger.info({ submissionId: submission.submissionId, storyId: routed.storyId, decision: routed.decision.kind, item: article.uri }, 'submission routed');
      // This and any regrouping a crash left pending; a redelivered submission finds them again.
      await regroupingTurn.runExclusive(() => carryOutRegroupings(index.regroupings, stories, ROUTER_CONSUMER.name, logger));
      return { storyId: routed.storyId, decision: routed.decision.kind };
    },
  };
}

export async function startRouterService(platform: Platform): Promise<{ stop(): Promise<void> }> {
  const stories = await StoryClient.forEnvironment(platform.config, { tracing: platform.tracing.enabled });
  const index = redisDedupeIndex(platform.redis, { backgroundStatistics: loadBackgroundStatistics() });
  const router = createRouter(platform, index, stories);
  const sweep = startRegroupingSweep(index.regroupings, stories, ROUTER_CONSUMER.name, platform.logger.child({ component: 'router' }), REGROUPING_SWEEP_MS);
  const submissions = await codecFor<Submission>(platform.catalog, platform.registry, platform.topics.submissions);
  const consumer = await startServiceConsumer(platform, ROUTER_CONSUMER, {
    partitionsConcurrently: platform.config.router.concurrency,
    decode: (bytes) => submissions.decode(bytes),
    handle: async ({ value }) => void (await router.route(value)),
  });
  return {
    async stop() {
      sweep.stop();
      await consumer.stop();
      await stories.close();
    },
  };
}
