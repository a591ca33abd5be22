import type { FastifyInstance } from 'fastify';
import type { PrincipalStore } from '../shared/auth/principal-store.ts';
import type { AuthRateLimits } from '../shared/auth/rate-limiter.ts';
import { RequestAuthenticator } from '../shared/http/authenticate.ts';
import { createHttpServer } from '../shared/http/http-server.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { adminOpenApiDocument } from './admin-openapi.ts';
import { createAdminOperations } from './admin-operations.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { replayRoutes } from './replay-routes.ts';
import { startOperationsWorker, type RunningOperationsWorker } from '../../workflows/operations/operations-worker.ts';
import { OPERATIONS_TASK_QUEUE } from '../../workflows/operations/operations-signals.ts';

export interface AdminService {
  readonly url: string;
  readonly app: FastifyInstance;
  stop(): Promise<void>;
}

export interface AdminOptions {
  /** The consumers whose lag, dead letters and offsets the admin API manages. */
  readonly consumers: readonly ConsumerDeclaration[];
  readonly port?: number;
  readonly host?: string;
  /** Task queue of operator jobs (replays); the service runs a worker on it unless `operationsWorker` is false. */
  readonly operationsTaskQueue?: string;
  readonly operationsWorker?: boolean;
  readonly rateLimits?: AuthRateLimits;
}

/** The admin HTTP API for operators; on loopback unless configured otherwise. */
export async function startAdminService(platform: Platform, principals: PrincipalStore, options: AdminOptions): Promise<AdminService> {
  const logger = platform.logger.child({ component: 'admin' });
  const taskQueue = options.operationsTaskQueue ?? OPERATIONS_TASK_QUEUE;
  const ops = await createAdminOperations(platform, options.consumers, taskQueue);
  const app = createHttpServer(logger, {
    bodyLimit: 64 * 1024,
    checks: [
      { name: 'redis', check: async () => (await platform.redis.ping()) === 'PONG' },
      { name: 'kafka', check: async () => (await ops.admin.describeCluster()).brokers.length > 0 },
    ],
  });
  const document = adminOpenApiDocument();
  app.get('/openapi.json', () => document);
  let worker: RunningOperationsWorker | undefined;
  try {
    if (options.operationsWorker ?? true) worker = await startOperationsWorker(platform, { taskQueue });
    const replays = replayRoutes(ops);
    await registerAdminRoutes(app, ops, new RequestAuthenticator(principals, options.rateLimits), [replays.write], [replays.read]);
    const url = await app.listen({ port: options.port ?? platform.config.admin.port, host: options.host ?? platform.config.admin.host });
    logger.info({ url }, 'admin API listening');
    return {
      url,
      app,
      async stop() {
        await app.close();
        await worker?.stop();
        await ops.close();
      },
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await ops.close();
    throw error;
  }
}
