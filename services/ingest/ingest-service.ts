import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import type { AuthRateLimits } from '../shared/auth/rate-limiter.ts';
import { codecFor } from '../contracts/avro-codec.ts';
import type { Submission } from '../contracts/types.generated.ts';
import { RequestAuthenticator } from '../shared/http/authenticate.ts';
import { createHttpServer } from '../shared/http/http-server.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { MAX_ITEM_BYTES } from './parsers/index.ts';
import { registerIngestRoutes } from './http/ingest-routes.ts';
import type { PrincipalStore } from '../shared/auth/principal-store.ts';
import { IdempotencyStore } from './submission/idempotency-store.ts';
import { SubmissionPublisher } from './submission/submission-publisher.ts';
import { WriteBreaker, type BreakerOptions } from './submission/write-breaker.ts';
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
export interface IngestOptions {
  /** A producer of the caller's (already connected, or not: then every write answers 503); by default one on the platform's Kafka. */
  readonly producer?: Producer;
  readonly breaker?: BreakerOptions;
  readonly rateLimits?: AuthRateLimits;
}

/**
 * The ingest producer's retries are bounded (kafkajs' idempotent default is without end), so that a
 * write a request gave up on settles, and its Idempotency-Key is freed or completed, within a couple
 * of minutes at worst (PENDING_TTL_SECONDS outlives it).
 */
const PRODUCER_RETRY = { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 };

export async function startIngestService(
  platform: Platform,
  principals: PrincipalStore,
  port = platform.config.ingest.port,
  dropDir?: string,
  dropFolderOptions?: DropFolderOptions,
  options: IngestOptions = {},
): Promise<IngestService> {
  const logger = platform.logger.child({ component: 'ingest' });
  const producer = options.producer ?? platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: PRODUCER_RETRY });
  if (!options.producer) await producer.connect();
  const codec = await codecFor<Submission>(platform.catalog, platform.registry, platform.topics.submissions);
  const accept: AcceptDependencies = {
    publisher: new SubmissionPublisher(producer, codec, platform.topics.submissions.name),
    idempotency: new IdempotencyStore(platform.redis),
    breaker: new WriteBreaker(options.breaker),
    newSubmissionId: () => `sub_${randomUUID()}`,
    now: () => Date.now(),
    warn: (message, error) => logger.warn({ err: error }, message),
  };
  const app = createHttpServer(logger, {
    bodyLimit: MAX_ITEM_BYTES,
    checks: [
      { name: 'redis', check: async () => (await platform.redis.ping()) === 'PONG' },
      { name: 'schema-registry', check: async () => (await platform.registry.subjects()).length >= 0 },
    ],
  });
  registerIngestRoutes(app, new RequestAuthenticator(principals, options.rateLimits), accept);
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
