import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PrincipalStore } from '../ingest/providers/provider-store.ts';
import { sendProblem } from '../shared/http/problem.ts';

/** Every /v1 route needs a consumer (or provider) key with the stories:read scope. */
export function requireReader(principals: PrincipalStore) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const auth = principals.authenticate(request.headers.authorization);
    if (!auth.ok) {
      await (auth.reason === 'missing_credentials'
        ? sendProblem(reply, { status: 401, code: 'missing_credentials', title: 'Authentication required', detail: 'send the consumer API key as `Authorization: Bearer <key>`' }, request.url)
        : sendProblem(reply, { status: 401, code: 'invalid_credentials', title: 'Invalid API key', detail: 'the API key is unknown or revoked' }, request.url));
      return;
    }
    if (!auth.principal.scopes.includes('stories:read')) {
      await sendProblem(reply, { status: 403, code: 'forbidden', title: 'Not a reader', detail: `${auth.principal.id} may not read stories (scope stories:read missing)` }, request.url);
      return;
    }
  };
}
