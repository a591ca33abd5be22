import { Mutex } from 'async-mutex';
import { codecFor } from '../contracts/avro-codec.ts';
import type { Submission } from '../contracts/types.generated.ts';
import { loadBackgroundStatistics } from '../dedupe/background-statistics.ts';
import { PairScoreCache } from '../dedupe/event-clustering.ts';
import { fingerprintArticle } from '../dedupe/fingerprint.ts';
import type { DedupeIndex } from '../dedupe/dedupe-index.ts';
import type { RoutedArticle, RoutingOptions } from '../dedupe/routing-pipeline.ts';
import { clampToReception, routeArticle } from '../dedupe/routing-pipeline.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startServiceConsumer } from '../shared/platform/service-consumer.ts';
import { acquireRedisLock, tryRedisLock, withRedisLock } from '../shared/redis/redis-lock.ts';
import { StoryClient } from '../../workflows/story/story-client.ts';
import { redisDedupeIndex } from './redis-index-storage.ts';
import type { RegroupingStories } from './regrouping-executor.ts';
import { carryOutRegroupings, startRegroupingSweep } from './regrouping-executor.ts';
import { toRoutingDecision } from './routing-decision.ts';
import type { RoutingIndex } from './routing-index.ts';
import { StorySignalQueue } from './story-signal-queue.ts';

export const ROUTER_CONSUMER: ConsumerDeclaration = {
  name: 'dedupe-router',
  input: (topics) => topics.submissions.name,
  description: 'routes each submission to its story (dedupe) and signals the story workflow',
};
// Routing is lookup-then-add: two near-duplicates routed at once must not both open a story, so
// routing is serialised across router instances. It takes milliseconds; the index shares one slot.
export const ROUTING_LOCK = 'dd:{idx}:lock';
const REGROUPING_SWEEP_MS = 10_000;
const CONTENTION_MEMORY_MS = 10_000;

export interface Router {
  route(submission: Submission): Promise<{ storyId: string; decision: string }>;
}

export interface RouterOptions {
  /**
   * true: a router that finds the lock taken rehearses the candidate lookup while it waits (see
   * `routeRehearsed`); its index must log its commits (`rehearsableDedupeIndex`), as must every other
   * router's on that index. Off in production: on the 2 shared cores it was measured on, the rehearsal
   * cut the routers' waiting but not their rate, which the cores bound (README, routing lock rows).
   */
  rehearse?: boolean;
}

export function createRouter(platform: Platform, index: DedupeIndex | RoutingIndex, stories: RegroupingStories, options: RouterOptions = {}): Router {
  const logger = platform.logger.child({ component: 'router' });
  const pairScores = new PairScoreCache();
  if (options.rehearse && !('rehearse' in index)) throw new Error('a router that rehearses needs an index that logs its commits (rehearsableDedupeIndex)');

  let contendedUntil = 0;

  /**
   * While routers contend for the lock (this one found it taken in the last `CONTENTION_MEMORY_MS`),
   * each rehearses the candidate lookup before it waits, so that under the lock the lookup mostly
   * reuses reads instead of making them. Only the lookup is rehearsed: it makes most of a routing's
   * reads for little computation, whereas classifying and indexing would be computed twice, and the
   * cores a router waits on are shared. Uncontended, the lock is taken at once.
   */
  async function routeRehearsed(submission: Submission, rehearsable: RoutingIndex, routing: RoutingOptions): Promise<RoutedArticle> {
    let lock = Date.now() < contendedUntil ? null : await tryRedisLock(platform.redis, ROUTING_LOCK);
    let locked: () => Promise<DedupeIndex> = () => Promise.resolve(rehearsable);
    if (!lock) {
      contendedUntil = Date.now() + CONTENTION_MEMORY_MS;
      const rehearsal = await rehearsable.rehearse();
      const { candidates } = rehearsal.index;
      // Only its reads count. Should it fail, the routing under the lock reads for itself.
      await Promise.all([candidates.routedBefore(submission.submissionId), candidates.lookup(clampToReception(routing.fingerprint!, submission.receivedAt))]).catch((error: unknown) =>
        logger.debug({ err: error, submissionId: submission.submissionId }, 'routing rehearsal failed'),
      );
      locked = () => rehearsal.underLock();
      lock = await acquireRedisLock(platform.redis, ROUTING_LOCK);
    }
    try {
      return await routeArticle(submission.article, await locked(), routing);
    } finally {
      await lock.release();
    }
  }

  function routeLocked(submission: Submission): Promise<RoutedArticle> {
    // Fingerprinting is pure: it is done once, before the lock.
    const routing: RoutingOptions = { pairScores, receivedAt: submission.receivedAt, submissionId: submission.submissionId, fingerprint: fingerprintArticle(submission.article) };
    if (options.rehearse && 'rehearse' in index) return routeRehearsed(submission, index, routing);
    return withRedisLock(platform.redis, ROUTING_LOCK, () => routeArticle(submission.article, index, routing));
  }

  // Routings of this process wait their turn here, in arrival order, rather than poll the Redis lock
  // against each other; the Redis lock serialises them with other router processes.
  const routingTurn = new Mutex();
  const signals = new StorySignalQueue();
  const regroupingTurn = new Mutex();

  return {
    async route(submission) {
      const { article } = submission;
      const { routed, signalled } = await routingTurn.runExclusive(async () => {
        const routed = await routeLocked(submission);
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
