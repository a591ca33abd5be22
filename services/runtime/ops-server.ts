import Fastify, { type FastifyInstance } from 'fastify';
import type { ProcessMetrics } from './ops-metrics.ts';

export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface OpsState {
  /** Liveness: false once the process decided it cannot recover (it is about to exit). */
  live(): boolean;
  /** Readiness: every service started and its dependencies answer. */
  ready(): Promise<{ ready: boolean; checks: Record<string, boolean> }>;
}

/** The process's operations port: /health (liveness), /ready (readiness), /metrics (Prometheus; /metrics.json the same as JSON). Port 0 = any free port. */
export async function startOpsServer(port: number, metrics: ProcessMetrics, state: OpsState): Promise<OpsServer> {
  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  app.get('/health', (_request, reply) => reply.code(state.live() ? 200 : 503).send({ status: state.live() ? 'ok' : 'failing' }));
  app.get('/ready', async (_request, reply) => {
    const { ready, checks } = await state.ready();
    metrics.up.set(ready ? 1 : 0);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  // The same registry as prom-client's JSON: what the admin API samples for the console's stage charts.
  app.get('/metrics.json', async () => metrics.registry.getMetricsAsJSON());
  const url = await app.listen({ port, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
