import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { DECOY_KEY, secretMatches, type StoredKey } from '../../../services/shared/auth/api-key.ts';
import { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';
import { RateLimiter } from '../../../services/shared/auth/rate-limiter.ts';
import { RequestAuthenticator } from '../../../services/shared/http/authenticate.ts';

function storeCountingVerifications(): { store: PrincipalStore; verified: StoredKey[] } {
  const verified: StoredKey[] = [];
  const store = new PrincipalStore(join(mkdtempSync(join(tmpdir(), 'storyline-auth-')), 'principals.json'), (secret, stored) => {
    verified.push(stored);
    return secretMatches(secret, stored);
  });
  return { store, verified };
}

const request = (authorization: string | undefined, ip = '10.0.0.1') => ({ headers: { authorization }, ip }) as unknown as FastifyRequest;
const wrongSecret = (key: string) => `${key.split('.')[0]}.${'x'.repeat(32)}`;

describe('API key verification off the event loop', () => {
  it('lets the event loop turn while a wrong secret is hashed (scrypt on the thread pool)', async () => {
    const { store } = storeCountingVerifications();
    const key = store.issueKey('wire', 'Wire', 'provider');
    const order: string[] = [];
    setImmediate(() => order.push('event loop'));
    await store.authenticate(`Bearer ${wrongSecret(key)}`).then(() => order.push('verified'));
    expect(order).toEqual(['event loop', 'verified']);
  });

  it('verifies a key once, whatever whitespace surrounds the token', async () => {
    const { store, verified } = storeCountingVerifications();
    const key = store.issueKey('wire', 'Wire', 'provider');
    for (const header of [`Bearer ${key}`, `Bearer ${key} `, `Bearer   ${key}\t`, `bearer ${key}  `]) {
      expect(await store.authenticate(header)).toMatchObject({ ok: true, principal: { id: 'wire' } });
    }
    expect(verified).toHaveLength(1);
  });

  it('hashes an unknown or revoked key id against a decoy, as long as a wrong secret takes', async () => {
    const { store, verified } = storeCountingVerifications();
    const key = store.issueKey('wire', 'Wire', 'provider');
    expect(await store.authenticate(`Bearer sk_0123456789ab.${'y'.repeat(32)}`)).toMatchObject({ ok: false, reason: 'invalid_credentials', keyId: 'sk_0123456789ab' });
    store.revokeKeys('wire');
    expect(await store.authenticate(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    expect(verified).toEqual([DECOY_KEY, DECOY_KEY]);
  });

  it('refuses a key revoked while its secret was being hashed', async () => {
    let revoke = () => {};
    const store = new PrincipalStore(join(mkdtempSync(join(tmpdir(), 'storyline-auth-')), 'principals.json'), async (secret, stored) => {
      revoke();
      return secretMatches(secret, stored);
    });
    const key = store.issueKey('wire', 'Wire', 'provider');
    revoke = () => store.revokeKeys('wire');
    expect(await store.authenticate(`Bearer ${key}`)).toMatchObject({ ok: false });
  });
});

describe('per-credential rate limits', () => {
  it('a token bucket refills at its rate and says when to retry', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 });
    expect([0, 0, 0].map((t) => limiter.take('k', t).allowed)).toEqual([true, true, true]);
    expect(limiter.take('k', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('other', 0).allowed).toBe(true);
    expect(limiter.take('k', 500).allowed).toBe(true);
  });

  it('answers 429 with Retry-After to a key id guessing secrets, before any more scrypt runs', async () => {
    const { store, verified } = storeCountingVerifications();
    const key = store.issueKey('wire', 'Wire', 'provider');
    const authenticator = new RequestAuthenticator(store, { requests: { perSecond: 100, burst: 100 }, failures: { perSecond: 0.1, burst: 3 } }, () => 0);
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt += 1) answers.push(await authenticator.authenticate(request(`Bearer ${wrongSecret(key)}`), 'items:write', 'provider'));
    expect(answers.map((answer) => ('status' in answer ? answer.status : 200))).toEqual([401, 401, 401, 429, 429]);
    expect(answers[4]).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 10 });
    expect(verified).toHaveLength(3);
    // Another key's holder is not locked out by the guesser.
    const other = store.issueKey('other', 'Other', 'provider');
    expect(await authenticator.authenticate(request(`Bearer ${other}`), 'items:write', 'provider')).toMatchObject({ principal: { id: 'other' } });
  });

  it('answers 429 to a key over its request rate, and successes do not use up the failure budget', async () => {
    const { store } = storeCountingVerifications();
    const key = store.issueKey('reader', 'Reader', 'consumer');
    const authenticator = new RequestAuthenticator(store, { requests: { perSecond: 1, burst: 5 }, failures: { perSecond: 0.1, burst: 1 } }, () => 0);
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const answer = await authenticator.authenticate(request(`Bearer ${key}`), 'stories:read', 'consumer');
      statuses.push('status' in answer ? answer.status : 200);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await authenticator.authenticate(request(`Bearer ${key}`), 'items:write', 'consumer')).toMatchObject({ status: 429 });
  });

  it('counts malformed tokens against the client address', async () => {
    const { store } = storeCountingVerifications();
    const authenticator = new RequestAuthenticator(store, { requests: { perSecond: 1, burst: 5 }, failures: { perSecond: 1, burst: 2 } }, () => 0);
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push(await authenticator.authenticate(request('Bearer nonsense'), 'stories:read', 'consumer'));
    expect(statuses.map((answer) => ('status' in answer ? answer.status : 200))).toEqual([401, 401, 429]);
    expect(await authenticator.authenticate(request('Bearer nonsense', '10.0.0.2'), 'stories:read', 'consumer')).toMatchObject({ status: 401 });
  });
});
