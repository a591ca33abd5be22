import type { Platform } from '../shared/platform/platform.ts';
import type { PrincipalStore } from '../shared/auth/principal-store.ts';
import { startAdminService } from '../admin/admin-service.ts';
import { startApiService } from '../api/api-service.ts';
import { PIPELINE_CONSUMERS } from './consumer-registry.ts';
import { startEnrichService } from '../enrich/enrich-service.ts';
import { startIngestService } from '../ingest/ingest-service.ts';
import { startPublishService } from '../publish/publish-service.ts';
import { startRouterService } from '../router/router-service.ts';
import { startStoryWorker } from '../../workflows/worker.ts';

export interface Stoppable {
  stop(): Promise<void>;
}

export interface RunningPipeline {
  readonly ingestUrl: string;
  readonly apiUrl: string;
  readonly adminUrl: string;
  /** Stops intake first, then each stage after the one feeding it, so nothing accepted is left half-done. */
  stop(): Promise<void>;
}

export interface PipelineOptions {
  readonly ingestPort?: number;
  readonly apiPort?: number;
  readonly adminPort?: number;
  readonly dropDir?: string;
}

/** Every Storyline service in one process: the embedded default of `storyline start`. */
export async function startPipeline(platform: Platform, principals: PrincipalStore, options: PipelineOptions = {}): Promise<RunningPipeline> {
  const started: Stoppable[] = [];
  try {
    // The console in the API process calls the admin API, which starts next (its port may be chosen then).
    let adminUrl: string | null = null;
    const api = await startApiService(platform, principals, options.apiPort, { console: { adminUrl: () => adminUrl } });
    started.push(api);
    const admin = await startAdminService(platform, principals, { consumers: PIPELINE_CONSUMERS, port: options.adminPort });
    adminUrl = admin.url;
    started.push(admin);
    started.push(await startPublishService(platform));
    started.push(await startStoryWorker(platform));
    started.push(await startEnrichService(platform));
    started.push(await startRouterService(platform));
    const ingest = await startIngestService(platform, principals, options.ingestPort, options.dropDir);
    started.push(ingest);
    let stopping: Promise<void> | undefined;
    return {
      ingestUrl: ingest.url,
      apiUrl: api.url,
      adminUrl: admin.url,
      stop: () => (stopping ??= stopInReverse(started)),
    };
  } catch (error) {
    await stopInReverse(started).catch(() => undefined);
    throw error;
  }
}

/** Last started, first stopped: intake stops before the stages it feeds. Never reorders the list it is given. */
export async function stopInReverse(started: readonly Stoppable[]): Promise<void> {
  for (const service of [...started].reverse()) await service.stop();
}
