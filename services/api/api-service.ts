import type { FastifyInstance } from 'fastify';
import type { PrincipalStore } from '../ingest/providers/provider-store.ts';
import { FEED_RETENTION_MS } from '../publish/redis-projection.ts';
import { StoryReadModel } from '../publish/story-read-model.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { createHttpServer } from '../shared/http/http-server.ts';
import { requireReader } from './auth.ts';
import { openApiDocument } from './openapi.ts';
import { FeedHub } from './sse-hub.ts';
import { registerStoryRoutes } from './story-routes.ts';
import { registerStreamRoute } from './stream-route.ts';

export interface ApiService {
  readonly url: string;
  readonly app: FastifyInstance;
  /** Ends live streams, stops taking requests, finishes those in flight, stops the feed reader. */
  stop(): Promise<void>;
}

export async function startApiService(platform: Platform, principals: PrincipalStore, port = platform.config.api.port): Promise<ApiService> {
  const logger = platform.logger.child({ component: 'api' });
  const read = new StoryReadModel(platform.redis);
  const hub = new FeedHub(platform.redis.duplicate(), read, logger.child({ component: 'feed-hub' }));
  await hub.start();
  const app = createHttpServer(logger, { bodyLimit: 64 * 1024, checks: [{ name: 'redis', check: async () => (await platform.redis.ping()) === 'PONG' }] });
  const guard = requireReader(principals);
  const document = openApiDocument(platform.catalog);
  app.get('/openapi.json', () => document);
  registerStoryRoutes(app, read, guard, { feedRetentionMs: FEED_RETENTION_MS, now: () => Date.now() });
  const streams = registerStreamRoute(app, read, hub, guard);
  const url = await app.listen({ port, host: '127.0.0.1' });
  logger.info({ url }, 'consumer API listening');
  return {
    url,
    app,
    async stop() {
      streams.closeAll();
      await app.close();
      await hub.stop();
    },
  };
}
