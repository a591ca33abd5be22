import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isProblem, type RequestAuthenticator } from '../shared/http/authenticate.ts';
import { sendProblem } from '../shared/http/problem.ts';
import type { ConsoleAsset } from './console-assets.ts';
import { cookieValue, csrfMatches, SESSION_COOKIE, sessionCookie, type ConsoleSession, type ConsoleSessions } from './console-sessions.ts';
import { callAdmin, opsCallAllowed, startedReplays } from './ops-proxy.ts';

export interface ConsoleOptions {
  /** The admin API the operator views call; null while it is not (yet) running. */
  readonly adminUrl: () => string | null;
  /** The Temporal UI's page of this environment's namespace, for links to story workflows. */
  readonly temporalUiUrl: string;
  /** The built bundle; null when it was not built (the console then answers 503 saying how to build it). */
  readonly assets: ReadonlyMap<string, ConsoleAsset> | null;
}

export const CSRF_HEADER = 'x-storyline-csrf';

const SignIn = z.object({ key: z.string().trim().min(1).max(500) });
type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function sessionOf(request: FastifyRequest, sessions: ConsoleSessions): ConsoleSession | undefined {
  return sessions.find(cookieValue(request.headers.cookie, SESSION_COOKIE));
}

/** A state-changing request must come from the console's own page: same origin and the session's CSRF token. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

const forbidden = (reply: FastifyReply, request: FastifyRequest, detail: string) => sendProblem(reply, { status: 403, code: 'csrf_rejected', title: 'Request refused', detail }, request.url);
const signedOut = (reply: FastifyReply, request: FastifyRequest) => sendProblem(reply, { status: 401, code: 'not_signed_in', title: 'Not signed in', detail: 'sign in to the console with an API key' }, request.url);

/**
 * The /v1 routes accept the console's session cookie as well as a bearer key: the browser's
 * EventSource cannot send an Authorization header. Only reads are routed here (GET), and the cookie
 * is SameSite=Strict, so another site cannot make the browser use it.
 */
export function sessionOrKey(keyGuard: Guard, sessions: ConsoleSessions): Guard {
  return async (request, reply) => {
    const session = request.headers.authorization === undefined ? sessionOf(request, sessions) : undefined;
    if (!session) return keyGuard(request, reply);
    if (!session.principal.scopes.includes('stories:read')) {
      await sendProblem(reply, { status: 403, code: 'forbidden', title: 'Scope missing', detail: `${session.principal.id} may not read stories (scope stories:read missing)` }, request.url);
      return;
    }
    request.reader = { principal: session.principal, keyId: session.keyId };
  };
}

function sendAsset(reply: FastifyReply, asset: ConsoleAsset, immutable: boolean) {
  return reply
    .headers(SECURITY_HEADERS)
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .type(asset.contentType)
    .send(asset.body);
}

/** The web console: its bundle at /console/, sign-in and sign-out, and the operator views' admin API calls. */
export function registerConsole(app: FastifyInstance, authenticator: RequestAuthenticator, sessions: ConsoleSessions, options: ConsoleOptions): void {
  const notBuilt = (reply: FastifyReply, request: FastifyRequest) =>
    sendProblem(reply, { status: 503, code: 'console_not_built', title: 'Console not built', detail: 'the console bundle is missing: `npm start` and `npm test` build it, or run `npx tsx services/console/console-build.ts`' }, request.url);

  app.get('/console', (_request, reply) => reply.redirect('/console/', 308));
  app.get('/console/', (request, reply) => {
    const index = options.assets?.get('index.html');
    return index ? sendAsset(reply, index, false) : notBuilt(reply, request);
  });
  app.get('/console/assets/:file', (request, reply) => {
    const asset = options.assets?.get(`assets/${(request.params as { file: string }).file}`);
    if (!options.assets) return notBuilt(reply, request);
    return asset ? sendAsset(reply, asset, true) : sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail: request.url });
  });

  const describe = (session: ConsoleSession) => ({
    principal: { id: session.principal.id, name: session.principal.name, kind: session.principal.kind },
    scopes: session.principal.scopes,
    csrfToken: session.csrfToken,
    temporalUiUrl: options.temporalUiUrl,
  });

  app.post('/console/api/session', async (request, reply) => {
    if (!sameOrigin(request)) return forbidden(reply, request, 'sign in from the console itself');
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return sendProblem(reply, { status: 415, code: 'unsupported_media_type', title: 'Unsupported media type', detail: 'send {"key": "..."} as application/json' }, request.url);
    const body = SignIn.safeParse(parseJson(request.body));
    if (!body.success) return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail: 'send {"key": "<API key>"}', field: 'key' }, request.url);
    const auth = await authenticator.authenticate({ headers: { authorization: `Bearer ${body.data.key}` }, ip: request.ip }, ['stories:read', 'ops:read'], 'console');
    if (isProblem(auth)) return sendProblem(reply, auth, request.url);
    const previous = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (previous) sessions.delete(previous);
    const session = sessions.create(auth.principal, auth.keyId, body.data.key);
    request.log.info({ principal: auth.principal.id, keyId: auth.keyId }, 'console sign-in');
    return reply.header('set-cookie', sessionCookie(session)).header('cache-control', 'no-store').code(201).send(describe(session));
  });

  app.get('/console/api/session', (request, reply) => {
    const session = sessionOf(request, sessions);
    return session ? reply.header('cache-control', 'no-store').send(describe(session)) : signedOut(reply, request);
  });

  app.delete('/console/api/session', (request, reply) => {
    const session = sessionOf(request, sessions);
    if (!session) return signedOut(reply, request);
    if (!sameOrigin(request) || !csrfMatches(session, header(request, CSRF_HEADER))) return forbidden(reply, request, `send the session's CSRF token in ${CSRF_HEADER}`);
    sessions.delete(session.id);
    return reply.header('set-cookie', sessionCookie(null)).code(204).send();
  });

  const adminCall = async (request: FastifyRequest, reply: FastifyReply, session: ConsoleSession, method: 'GET' | 'POST', pathAndQuery: string, body: string | null) => {
    const adminUrl = options.adminUrl();
    if (!adminUrl) return sendProblem(reply, { status: 503, code: 'admin_unavailable', title: 'Admin API unavailable', detail: 'the admin API is not running', retryAfterSeconds: 5 }, request.url);
    try {
      const answer = await callAdmin(adminUrl, session, method, pathAndQuery, body);
      return reply.code(answer.status).type(answer.contentType).header('cache-control', 'no-store').send(answer.body);
    } catch (error) {
      request.log.warn({ err: error }, 'admin API call failed');
      return sendProblem(reply, { status: 503, code: 'admin_unavailable', title: 'Admin API unavailable', detail: `the admin API at ${adminUrl} did not answer`, retryAfterSeconds: 5 }, request.url);
    }
  };

  // Replays started (from the audit log) with their status: the admin API lists none itself.
  app.get('/console/api/ops/replays', async (request, reply) => {
    const session = sessionOf(request, sessions);
    if (!session) return signedOut(reply, request);
    const adminUrl = options.adminUrl();
    if (!adminUrl) return adminCall(request, reply, session, 'GET', 'audit', null);
    try {
      const audit = await callAdmin(adminUrl, session, 'GET', 'audit?limit=500', null);
      if (audit.status !== 200) return reply.code(audit.status).type(audit.contentType).send(audit.body);
      const started = startedReplays((JSON.parse(audit.body) as { items: Parameters<typeof startedReplays>[0] }).items);
      const items = await Promise.all(
        started.map(async (replay) => {
          const status = await callAdmin(adminUrl, session, 'GET', `replays/${replay.rebuildId}`, null);
          return { ...replay, ...(status.status === 200 ? (JSON.parse(status.body) as object) : { status: 'UNKNOWN' }) };
        }),
      );
      return reply.header('cache-control', 'no-store').send({ items });
    } catch (error) {
      request.log.warn({ err: error }, 'admin API call failed');
      return sendProblem(reply, { status: 503, code: 'admin_unavailable', title: 'Admin API unavailable', detail: `the admin API at ${adminUrl} did not answer`, retryAfterSeconds: 5 }, request.url);
    }
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/console/api/ops/*',
    handler: async (request, reply) => {
      const session = sessionOf(request, sessions);
      if (!session) return signedOut(reply, request);
      const method = request.method === 'POST' ? 'POST' : 'GET';
      if (method === 'POST' && (!sameOrigin(request) || !csrfMatches(session, header(request, CSRF_HEADER)))) return forbidden(reply, request, `send the session's CSRF token in ${CSRF_HEADER}`);
      const path = (request.params as { '*': string })['*'];
      if (!opsCallAllowed(method, path)) return sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail: `${method} ${request.url}` }, request.url);
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const body = method === 'POST' ? (Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body.toString('utf8') : '{}') : null;
      return adminCall(request, reply, session, method, `${path.split('/').map(encodeURIComponent).join('/')}${query}`, body);
    },
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function parseJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return null;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
