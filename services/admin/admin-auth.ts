import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../shared/auth/principal-store.ts';
import { isProblem, type RequestAuthenticator } from '../shared/http/authenticate.ts';
import { sendProblem } from '../shared/http/problem.ts';

export type OpsScope = 'ops:read' | 'ops:write';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: Principal;
  }
}

/** Every admin route needs an operator key with the route's scope; consumer and provider keys get 403. */
export function requireOperator(authenticator: RequestAuthenticator, scope: OpsScope) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const auth = await authenticator.authenticate(request, scope, 'operator');
    if (isProblem(auth)) {
      await sendProblem(reply, auth, request.url);
      return;
    }
    request.operator = auth.principal;
  };
}
