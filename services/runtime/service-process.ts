import { hostname } from 'node:os';
import { startApiService } from '../api/api-service.ts';
import { startEnrichService } from '../enrich/enrich-service.ts';
import { startIngestService } from '../ingest/ingest-service.ts';
import type { PrincipalStore } from '../shared/auth/principal-store.ts';
import { startProjectionService, startPublisherService } from '../publish/publish-service.ts';
import { startRouterService } from '../router/router-service.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startStoryWorker } from '../../workflows/worker.ts';
import type { ProcessMetrics } from './ops-metrics.ts';
import { startOpsServer } from './ops-server.ts';
import { stopInReverse, type Stoppable } from './pipeline.ts';
import { newProcessId, startHeartbeat } from './process-registry.ts';

/** The services `storyline run` can start, in start order: each stage before the one feeding it, intake last (stopped first). */
export const SERVICE_NAMES = ['api', 'projection', 'publisher', 'worker', 'enrich', 'router', 'ingest'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export class UnknownServiceError extends Error {
  readonly code = 'unknown_service';
  constructor(name: string) {
    super(`unknown service ${JSON.stringify(name)}; one of: ${SERVICE_NAMES.join(', ')}`);
  }
}

/** Names from the command line, checked, without repeats, in start order. */
export function parseServiceNames(names: readonly string[]): ServiceName[] {
  for (const name of names) if (!(SERVICE_NAMES as readonly string[]).includes(name)) throw new UnknownServiceError(name);
  if (names.length === 0) throw new UnknownServiceError('');
  return SERVICE_NAMES.filter((name) => names.includes(name));
}

export interface ServiceProcessOptions {
  readonly services: readonly ServiceName[];
  readonly opsPort: number;
  readonly ingestPort: number;
  readonly apiPort: number;
  readonly dropDir?: string;
}

export interface RunningServiceProcess {
  readonly id: string;
  readonly opsUrl: string;
  readonly urls: Readonly<Record<string, string>>;
  /** Stops intake first, then each stage; deregisters the process; leaves the platform to its owner. */
  stop(): Promise<void>;
}

/**
 * One process running some of the services against shared servers: its operations port (health,
 * readiness, metrics) and its heartbeat in Redis. Several processes of one service share the work
 * through consumer groups (a newer publisher fences an older one) and the Temporal task queue.
 */
export async function startServiceProcess(platform: Platform, principals: PrincipalStore, metrics: ProcessMetrics, options: ServiceProcessOptions): Promise<RunningServiceProcess> {
  const id = newProcessId();
  const startedAt = Date.now();
  const started: Stoppable[] = [];
  const urls: Record<string, string> = {};
  let running = false;
  let stopping = false;
  const ops = await startOpsServer(options.opsPort, metrics, {
    live: () => true,
    ready: async () => {
      const redis = await platform.redis.ping().then((pong) => pong === 'PONG', () => false);
      const checks = { services: running && !stopping, redis };
      return { ready: Object.values(checks).every(Boolean), checks };
    },
  });
  const heartbeat = await startHeartbeat(platform.redis, () => ({ id, services: options.services, host: hostname(), pid: process.pid, opsUrl: ops.url, urls, startedAt, ready: running && !stopping }), platform.logger);
  try {
    // One starter per service; those that listen give back their URL.
    const starters: Record<ServiceName, () => Promise<Stoppable & { readonly url?: string }>> = {
      api: () => startApiService(platform, principals, options.apiPort),
      projection: () => startProjectionService(platform),
      publisher: () => startPublisherService(platform),
      worker: () => startStoryWorker(platform),
      enrich: () => startEnrichService(platform),
      router: () => startRouterService(platform),
      ingest: () => startIngestService(platform, principals, options.ingestPort, options.dropDir),
    };
    for (const name of options.services) {
      const service = await starters[name]();
      if (service.url !== undefined) urls[name] = service.url;
      started.push(service);
    }
  } catch (error) {
    await stopInReverse(started).catch(() => undefined);
    await heartbeat.stop().catch(() => undefined);
    await ops.close();
    throw error;
  }
  running = true;
  metrics.up.set(1);
  await heartbeat.beat();
  let stopped: Promise<void> | undefined;
  return {
    id,
    opsUrl: ops.url,
    urls,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        metrics.up.set(0);
        await stopInReverse(started);
        await heartbeat.stop();
        await ops.close();
      })()),
  };
}
