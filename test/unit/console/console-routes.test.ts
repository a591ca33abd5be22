import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConsole, sessionOrKey } from '../../../services/console/console-routes.ts';
import { ConsoleSessions } from '../../../services/console/console-sessions.ts';
import { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';
import { RequestAuthenticator } from '../../../services/shared/http/authenticate.ts';
import { createHttpServer } from '../../../services/shared/http/http-server.ts';
import { createRootLogger } from '../../../services/shared/logger.ts';

let app: FastifyInstance;
let keys: { console: string; provider: string };

const assets = new Map([
  ['index.html', { body: Buffer.from('<!doctype html><title>console</title>'), contentType: 'text/html; charset=utf-8' }],
  ['assets/app.js', { body: Buffer.from('console.log(1)'), contentType: 'text/javascript; charset=utf-8' }],
]);

async function signIn(key: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/console/api/session', headers: { 'content-type': 'application/json', host: 'console.test', origin: 'http://console.test', ...headers }, payload: JSON.stringify({ key }) });
}

const cookieOf = (setCookie: string | string[] | undefined) => String(setCookie).split(';')[0]!;

beforeAll(async () => {
  const store = new PrincipalStore(join(mkdtempSync(join(tmpdir(), 'storyline-console-')), 'principals.json'));
  keys = { console: store.issueKey('ops', 'Ops', 'operator', ['stories:read', 'ops:read', 'ops:write']), provider: store.issueKey('wire', 'Wire', 'provider', ['items:write']) };
  const authenticator = new RequestAuthenticator(store);
  const sessions = new ConsoleSessions(Date.now, (keyId) => store.keyIsLive(keyId));
  app = createHttpServer(createRootLogger('silent'), { bodyLimit: 64 * 1024, checks: [] });
  const guard = sessionOrKey(async (_request, reply) => {
    await reply.code(401).send({ code: 'missing_credentials' });
  }, sessions);
  app.get('/v1/probe', { preHandler: guard }, (request) => ({ reader: request.reader?.principal.id }));
  registerConsole(app, authenticator, sessions, { adminUrl: () => null, temporalUiUrl: 'http://127.0.0.1:8233/namespaces/test', assets });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('the console routes', () => {
  it('serves the bundle under a strict content security policy', async () => {
    const page = await app.inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await app.inject({ method: 'GET', url: '/console/assets/app.js' })).headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/console/assets/..%2Findex.html' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/console' })).statusCode).toBe(308);
  });

  it('exchanges a key for an HttpOnly session cookie; the session reads /v1 in place of a bearer key', async () => {
    const answer = await signIn(keys.console);
    expect(answer.statusCode).toBe(201);
    expect(String(answer.headers['set-cookie'])).toMatch(/^storyline_console=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(answer.json()).toMatchObject({ principal: { id: 'ops' }, scopes: ['stories:read', 'ops:read', 'ops:write'] });
    expect(answer.body).not.toContain(keys.console);
    const cookie = cookieOf(answer.headers['set-cookie']);
    expect((await app.inject({ method: 'GET', url: '/v1/probe', headers: { cookie } })).json()).toEqual({ reader: 'ops' });
    expect((await app.inject({ method: 'GET', url: '/v1/probe' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/probe', headers: { cookie: 'storyline_console=forged' } })).statusCode).toBe(401);
  });

  it('refuses a sign-in from another origin, not as JSON, or with a key that may neither read nor operate', async () => {
    expect((await signIn(keys.console, { origin: 'http://evil.test' })).statusCode).toBe(403);
    expect((await signIn(keys.console, { 'content-type': 'text/plain' })).statusCode).toBe(415);
    expect((await signIn('sk_000000000000.nope')).statusCode).toBe(401);
    expect((await signIn(keys.provider)).statusCode).toBe(403);
  });

  it('needs the CSRF token for every change; the cookie alone is refused', async () => {
    const answer = await signIn(keys.console);
    const cookie = cookieOf(answer.headers['set-cookie']);
    const { csrfToken } = answer.json<{ csrfToken: string }>();
    expect((await app.inject({ method: 'POST', url: '/console/api/ops/dead-letters/enrich:1/redrive', headers: { cookie }, payload: '{}' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/console/api/ops/dead-letters/enrich:1/redrive', headers: { cookie, 'x-storyline-csrf': 'wrong' }, payload: '{}' })).statusCode).toBe(403);
    // With the token it goes on to the admin API, which is not running here: 503, not 403.
    expect((await app.inject({ method: 'POST', url: '/console/api/ops/dead-letters/enrich:1/redrive', headers: { cookie, 'x-storyline-csrf': csrfToken }, payload: '{}' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'POST', url: '/console/api/ops/consumer-groups/enrich/offsets/reset', headers: { cookie, 'x-storyline-csrf': csrfToken }, payload: '{}' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/console/api/session', headers: { cookie } })).statusCode).toBe(403);
    const out = await app.inject({ method: 'DELETE', url: '/console/api/session', headers: { cookie, 'x-storyline-csrf': csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie } })).statusCode).toBe(401);
  });
});
