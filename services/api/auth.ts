import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticated, RequestAuthenticator } from '../shared/http/authenticate.ts';
import { isProblem } from '../shared/http/authenticate.ts';
import { sendProblem } from '../shared/http/problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the reader guard: who is reading, with the key they used (streams are capped and closed per key). */
    reader?: Authenticated;
  }
}

/** Every /v1 route needs a consumer (or provider) key with the stories:read scope. */
export function requireReader(authenticator: RequestAuthenticator) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const auth = await authenticator.authenticate(request, 'stories:read', 'consumer');
    if (isProblem(auth)) {
      await sendProblem(reply, auth, request.url);
      return;
    }
    request.reader = auth;
  };
}
