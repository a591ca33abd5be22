import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger.ts';
import { StorylineError, describeError } from '../errors.ts';
import { dependencyOutage } from './dependency-outage.ts';
import { sendProblem } from './problem.ts';

export interface HealthCheck {
  readonly name: string;
  check(): Promise<boolean>;
}

/**
 * A Fastify instance with our conventions: raw bodies of any content type (parsers decide what they
 * are), problem+json for every error, liveness at /health and readiness at /ready.
 */
export function createHttpServer(logger: Logger, options: { bodyLimit: number; checks: readonly HealthCheck[] }): FastifyInstance {
  const app = Fastify({ loggerInstance: logger as unknown as FastifyBaseLogger, bodyLimit: options.bodyLimit, return503OnClosing: true, forceCloseConnections: 'idle' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, { status: 413, code: 'too_large', title: 'Item too large', detail: `the limit is ${options.bodyLimit} bytes` }, request.url);
    }
    if (error instanceof StorylineError && error.disposition === 'retriable') {
      request.log.warn({ err: error }, 'temporarily unavailable');
      const retryAfterSeconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds ?? 5;
      return sendProblem(reply, { status: 503, code: error.code, title: 'Temporarily unavailable', detail: describeError(error), retryAfterSeconds }, request.url);
    }
    const outage = dependencyOutage(error);
    if (outage) {
      request.log.warn({ err: error }, 'a dependency is unavailable');
      return sendProblem(reply, { status: 503, code: outage, title: 'Temporarily unavailable', detail: describeError(error), retryAfterSeconds: 5 }, request.url);
    }
    if (error instanceof StorylineError && error.code === 'record_too_large') {
      return sendProblem(reply, { status: 413, code: 'too_large', title: 'Item too large', detail: `${error.message}; it was not accepted` }, request.url);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, { status: error.statusCode, code: (error.code ?? 'bad_request').toLowerCase(), title: 'Bad request', detail: error.message }, request.url);
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, { status: 500, code: 'internal_error', title: 'Internal error', detail: 'the request failed; it was not accepted' }, request.url);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail: `${request.method} ${request.url}` }));

  app.get('/health', () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const results = await Promise.all(options.checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const));
    const ready = results.every(([, ok]) => ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results) });
  });
  return app;
}
