import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, PrincipalStore } from '../ingest/providers/provider-store.ts';
import { sendProblem } from '../shared/http/problem.ts';

export type OpsScope = 'ops:read' | 'ops:write';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: Principal;
  }
}

/** Every admin route needs an operator key with the route's scope; consumer and provider keys get 403. */
export function requireOperator(principals: PrincipalStore, scope: OpsScope) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const auth = principals.authenticate(request.headers.authorization);
    if (!auth.ok) {
      await (auth.reason === 'missing_credentials'
        ? sendProblem(reply, { status: 401, code: 'missing_credentials', title: 'Authentication required', detail: 'send an operator API key as `Authorization: Bearer <key>`' }, request.url)
        : sendProblem(reply, { status: 401, code: 'invalid_credentials', title: 'Invalid API key', detail: 'the API key is unknown or revoked' }, request.url));
      return;
    }
    if (!auth.principal.scopes.includes(scope)) {
      await sendProblem(reply, { status: 403, code: 'forbidden', title: 'Not allowed', detail: `${auth.principal.id} lacks the ${scope} scope` }, request.url);
      return;
    }
    request.operator = auth.principal;
  };
}
