import { contextFromHeaders, inSpan, SpanKind } from '../../shared/tracing/tracing.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { httpStatusFor } from '../parsers/index.ts';
import { acceptSubmission, type AcceptDependencies, type Acceptance, type DeclaredIdentity, type ItemAcceptance } from '../submission/accept-submission.ts';
import type { Principal } from '../../shared/auth/principal-store.ts';
import { isProblem, type RequestAuthenticator } from '../../shared/http/authenticate.ts';
import { sendProblem, type Problem } from '../../shared/http/problem.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const ITEM_ID = /^[\x21-\x7e]{1,200}$/;

/** `Storyline-Item-Id` / `Storyline-Item-Version`: identity for copy whose format carries none. */
function declaredIdentity(request: FastifyRequest): DeclaredIdentity | undefined | Problem {
  const itemId = request.headers['storyline-item-id'];
  const version = request.headers['storyline-item-version'];
  if (itemId === undefined && version === undefined) return undefined;
  if (itemId !== undefined && (typeof itemId !== 'string' || !ITEM_ID.test(itemId))) {
    return { status: 400, code: 'invalid_value', title: 'Invalid item id', detail: 'one printable ASCII token of 1 to 200 characters', field: 'Storyline-Item-Id' };
  }
  if (version !== undefined && (typeof version !== 'string' || !/^[1-9]\d{0,15}$/.test(version))) {
    return { status: 400, code: 'invalid_value', title: 'Invalid item version', detail: 'a positive integer', field: 'Storyline-Item-Version' };
  }
  return { ...(itemId ? { itemId } : {}), ...(version ? { version: Number(version) } : {}) };
}

async function authenticateProvider(authenticator: RequestAuthenticator, request: FastifyRequest): Promise<Principal | Problem> {
  const auth = await authenticator.authenticate(request, 'items:write', 'provider');
  return isProblem(auth) ? auth : auth.principal;
}

function itemBody(item: ItemAcceptance): Record<string, unknown> {
  switch (item.kind) {
    case 'accepted':
      return { submissionId: item.submissionId, itemUri: item.itemUri, providerItemId: item.providerItemId, providerVersion: item.providerVersion, format: item.format, replayed: false };
    case 'replayed':
      return { submissionId: item.submissionId, replayed: true };
    default: {
      const unreachable: never = item;
      return unreachable;
    }
  }
}

function problemFor(acceptance: Exclude<Acceptance, { kind: 'accepted' | 'replayed' | 'accepted-items' }>): Problem {
  switch (acceptance.kind) {
    case 'refused': {
      const { code, message, field, line, column, offset } = acceptance.error;
      return { status: httpStatusFor(code), code, title: 'Item refused', detail: message, ...(field ? { field } : {}), ...(line ? { line } : {}), ...(column ? { column } : {}), ...(offset !== undefined ? { offset } : {}) };
    }
    case 'idempotency-conflict':
      return { status: 409, code: 'idempotency_key_reused', title: 'Idempotency key reused', detail: 'this Idempotency-Key was used for another request (other bytes, content type or Storyline-Item-Id/-Version)', field: 'Idempotency-Key' };
    case 'idempotency-in-flight':
      return { status: 409, code: 'idempotency_key_in_flight', title: 'Request in progress', detail: 'a request with this Idempotency-Key is still being written; retry shortly', field: 'Idempotency-Key', retryAfterSeconds: 1 };
    default: {
      const unreachable: never = acceptance;
      return unreachable;
    }
  }
}

export function registerIngestRoutes(app: FastifyInstance, authenticator: RequestAuthenticator, deps: AcceptDependencies): void {
  app.post('/v1/items', async (request, reply) => {
    const provider = await authenticateProvider(authenticator, request);
    if ('status' in provider) return sendProblem(reply, provider, request.url);
    const idempotencyKey = request.headers['idempotency-key'];
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))) {
      return sendProblem(reply, { status: 400, code: 'invalid_idempotency_key', title: 'Invalid Idempotency-Key', detail: 'one printable ASCII token of 1 to 200 characters', field: 'Idempotency-Key' });
    }
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const declared = declaredIdentity(request);
    if (declared && 'status' in declared) return sendProblem(reply, declared, request.url);
    // A producer that traces its own sends continues its trace here (W3C traceparent on the request).
    const acceptance = await inSpan('ingest POST /v1/items', { kind: SpanKind.SERVER, parent: contextFromHeaders(request.headers), attributes: { 'http.request.method': 'POST', 'http.route': '/v1/items', 'storyline.provider': provider.id } }, () =>
      acceptSubmission({ provider, bytes, contentType: request.headers['content-type'], idempotencyKey, channel: 'http', declared }, deps),
    );
    switch (acceptance.kind) {
      case 'accepted':
        request.log.info({ submissionId: acceptance.submissionId, item: acceptance.itemUri, partition: acceptance.partition, offset: acceptance.offset }, 'submission accepted');
        return reply.code(202).header('location', `/v1/submissions/${acceptance.submissionId}`).send(itemBody(acceptance));
      case 'replayed':
        return reply.code(202).header('location', `/v1/submissions/${acceptance.submissionId}`).send(itemBody(acceptance));
      case 'accepted-items':
        request.log.info({ submissionIds: acceptance.items.map((item) => item.submissionId) }, 'newsMessage items accepted');
        return reply.code(202).send({ items: acceptance.items.map(itemBody), replayed: acceptance.items.every((item) => item.kind === 'replayed') });
      case 'refused':
      case 'idempotency-conflict':
      case 'idempotency-in-flight':
        return sendProblem(reply, problemFor(acceptance), request.url);
      default: {
        const unreachable: never = acceptance;
        return unreachable;
      }
    }
  });
}
