import { codecFor } from '../contracts/avro-codec.ts';
import type { Submission } from '../contracts/types.generated.ts';
import { loadBackgroundStatistics } from '../dedupe/background-statistics.ts';
import type { DedupeIndex } from '../dedupe/dedupe-index.ts';
import { PairScoreCache } from '../dedupe/event-clustering.ts';
import { routeArticle } from '../dedupe/routing-pipeline.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startServiceConsumer } from '../shared/platform/service-consumer.ts';
import { withRedisLock } from '../shared/redis/redis-lock.ts';
import { StoryClient } from '../../workflows/story/story-client.ts';
import { redisDedupeIndex } from './redis-index-storage.ts';
import type { RegroupingStories } from './regrouping-executor.ts';
import { carryOutRegroupings, startRegroupingSweep } from './regrouping-executor.ts';
import { toRoutingDecision } from './routing-decision.ts';

export const ROUTER_CONSUMER: ConsumerDeclaration = {
  name: 'dedupe-router',
  input: (topics) => topics.submissions.name,
  description: 'routes each submission to its story (dedupe) and signals the story workflow',
};
// Routing is lookup-then-add: two near-duplicates routed at once must not both open a story, so
// routing is serialised across router instances. It takes milliseconds; the index shares one slot.
const ROUTING_LOCK = 'dd:{idx}:lock';
const REGROUPING_SWEEP_MS = 10_000;

export interface Router {
  route(submission: Submission): Promise<{ storyId: string; decision: string }>;
}

export function createRouter(platform: Platform, index: DedupeIndex, stories: RegroupingStories): Router {
  const logger = platform.logger.child({ component: 'router' });
  const pairScores = new PairScoreCache();
  return {
    async route(submission) {
      const { article } = submission;
      const routed = await withRedisLock(platform.redis, ROUTING_LOCK, () => routeArticle(article, index, { pairScores, receivedAt: submission.receivedAt, submissionId: submission.submissionId }));
      const routing = toRoutingDecision(routed.decision);
      // The submission id is the signal id: a redelivered submission is ignored by the workflow.
      await stories.submit(routed.storyId, { type: 'SubmitArticle', signalId: submission.submissionId, article, routing });
      logger.info({ submissionId: submission.submissionId, storyId: routed.storyId, decision: routed.decision.kind, item: article.uri }, 'submission routed');
      // This and any regrouping a crash left pending; a redelivered submission finds them again.
      await carryOutRegroupings(index.regroupings, stories, ROUTER_CONSUMER.name, logger);
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
