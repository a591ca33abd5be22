import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { codecFor } from '../contracts/avro-codec.ts';
import type { Submission } from '../contracts/types.generated.ts';
import { createHttpServer } from '../shared/http/http-server.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { MAX_ITEM_BYTES } from './parsers/index.ts';
import { registerIngestRoutes } from './http/ingest-routes.ts';
import type { PrincipalStore } from './providers/provider-store.ts';
import { IdempotencyStore } from './submission/idempotency-store.ts';
import { SubmissionPublisher } from './submission/submission-publisher.ts';
import type { AcceptDependencies } from './submission/accept-submission.ts';
import { startDropFolder, type DropFolderOptions } from './drop-folder/drop-folder.ts';

export interface IngestService {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly accept: AcceptDependencies;
  /** Stops the drop folder and taking requests (503 while closing), finishes those in flight, then closes the producer. */
  stop(): Promise<void>;
}

/** `dropDir`: also watch this drop folder (one sub-folder per provider); the process's composition root passes `config.ingest.dropDir`. */
export async function startIngestService(
  platform: Platform,
  principals: PrincipalStore,
  port = platform.config.ingest.port,
  dropDir?: string,
  dropFolderOptions?: DropFolderOptions,
): Promise<IngestService> {
  const logger = platform.logger.child({ component: 'ingest' });
  const producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const codec = await codecFor<Submission>(platform.catalog, platform.registry, platform.topics.submissions);
  const accept: AcceptDependencies = {
    publisher: new SubmissionPublisher(producer, codec, platform.topics.submissions.name),
    idempotency: new IdempotencyStore(platform.redis),
    newSubmissionId: () => `sub_${randomUUID()}`,
    now: () => Date.now(),
  };
  const app = createHttpServer(logger, {
    bodyLimit: MAX_ITEM_BYTES,
    checks: [
      { name: 'redis', check: async () => (await platform.redis.ping()) === 'PONG' },
      { name: 'schema-registry', check: async () => (await platform.registry.subjects()).length >= 0 },
    ],
  });
  registerIngestRoutes(app, principals, accept);
  const url = await app.listen({ port, host: '127.0.0.1' });
  logger.info({ url }, 'ingest listening');
  const dropFolder = dropDir === undefined ? undefined : startDropFolder(platform, principals, accept, dropDir, dropFolderOptions);
  return {
    url,
    app,
    accept,
    async stop() {
      await dropFolder?.stop();
      await app.close();
      await producer.disconnect();
    },
  };
}
