import type { Platform } from './platform.ts';
import type { PrincipalStore } from '../ingest/providers/provider-store.ts';
import { startIngestService } from '../ingest/ingest-service.ts';
import { startRouterService } from '../router/router-service.ts';
import { startStoryWorker } from '../../workflows/worker.ts';

export interface Stoppable {
  stop(): Promise<void>;
}

export interface RunningPipeline {
  readonly ingestUrl: string;
  /** Stops intake first, then the stages downstream of it, so nothing accepted is left half-done. */
  stop(): Promise<void>;
}

export interface PipelineOptions {
  readonly ingestPort?: number;
}

/** Every Storyline service in one process: the embedded default of `storyline start`. */
export async function startPipeline(platform: Platform, principals: PrincipalStore, options: PipelineOptions = {}): Promise<RunningPipeline> {
  const started: Stoppable[] = [];
  try {
    started.push(await startStoryWorker(platform));
    started.push(await startRouterService(platform));
    const ingest = await startIngestService(platform, principals, options.ingestPort);
    started.push(ingest);
    return {
      ingestUrl: ingest.url,
      async stop() {
        for (const service of started.reverse()) await service.stop();
      },
    };
  } catch (error) {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
    throw error;
  }
}
