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
import { pipelineMetricsSources, StageSampler } from './stage-sampler.ts';
import type { ProcessMetrics } from '../runtime/ops-metrics.ts';
import { resolveConsumer } from '../shared/platform/consumer-declaration.ts';
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
  /**
   * The metrics of the process the admin API runs in, when that process runs pipeline stages itself
   * (`storyline start`): it has no operations port to read them from. Other processes are read
   * through the process registry.
   */
  readonly processMetrics?: ProcessMetrics;
  /** How often throughput and latency per stage are sampled; default 5 s. */
  readonly stageSampleMs?: number;
}

/** Ten minutes of stage figures at the default interval. */
const STAGE_POINTS_KEPT = 120;

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
  const own = options.processMetrics;
  const stages = new StageSampler({
    sources: pipelineMetricsSources(platform.redis, own ? { id: `this process (pid ${process.pid})`, services: ['admin', 'embedded pipeline'], read: () => own.registry.getMetricsAsJSON() } : null),
    stages: options.consumers.map((c) => ({ name: c.name, topic: resolveConsumer(c, platform.topics).topic })),
    intervalMs: options.stageSampleMs ?? 5_000,
    keep: STAGE_POINTS_KEPT,
  });
  const document = adminOpenApiDocument();
  app.get('/openapi.json', () => document);
  let worker: RunningOperationsWorker | undefined;
  try {
    if (options.operationsWorker ?? true) worker = await startOperationsWorker(platform, { taskQueue });
    const replays = replayRoutes(ops);
    await registerAdminRoutes(app, ops, new RequestAuthenticator(principals, options.rateLimits), [replays.write], [replays.read, (scope) => scope.get('/metrics/stages', () => stages.view())]);
    const url = await app.listen({ port: options.port ?? platform.config.admin.port, host: options.host ?? platform.config.admin.host });
    logger.info({ url }, 'admin API listening');
    stages.start();
    return {
      url,
      app,
      async stop() {
        await stages.stop();
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
