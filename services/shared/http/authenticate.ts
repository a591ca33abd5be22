import type { FastifyRequest } from 'fastify';
import type { Principal, PrincipalStore, Scope } from '../auth/principal-store.ts';
import { DEFAULT_AUTH_RATE_LIMITS, RateLimiter, type AuthRateLimits } from '../auth/rate-limiter.ts';
import type { Problem } from './problem.ts';

export interface Authenticated {
  readonly principal: Principal;
  readonly keyId: string;
}

/** One authenticator per HTTP service: the principal store and that service's rate limits. */
export class RequestAuthenticator {
  private readonly requests: RateLimiter;
  private readonly failures: RateLimiter;

  constructor(
    readonly store: PrincipalStore,
    limits: AuthRateLimits = DEFAULT_AUTH_RATE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.requests = new RateLimiter(limits.requests);
    this.failures = new RateLimiter(limits.failures);
  }

  /**
   * The key's principal when it holds `scope`, else a problem: 401 unknown, 403 scope missing, 429
   * (with `retryAfterSeconds`) when the key, or the key id or address guessing secrets, is over its
   * limit; with several scopes, any one of them will do. Failures are counted before scrypt runs, so a flood of guesses costs one hash per token.
   */
  async authenticate(request: Pick<FastifyRequest, 'headers' | 'ip'>, scope: Scope | readonly Scope[], who: string): Promise<Authenticated | Problem> {
    const presented = presentedKeyId(request.headers.authorization);
    const failureCredential = presented ?? `ip:${request.ip}`;
    const guessing = this.failures.take(failureCredential, this.now());
    // Checked without spending: a failure spends the token below, a success gives it back.
    if (!guessing.allowed) return tooMany(guessing.retryAfterSeconds, 'too many failed authentications with this key id or from this address');
    const auth = await this.store.authenticate(request.headers.authorization);
    if (!auth.ok) {
      return auth.reason === 'missing_credentials'
        ? { status: 401, code: 'missing_credentials', title: 'Authentication required', detail: `send the ${who} API key as \`Authorization: Bearer <key>\`` }
        : { status: 401, code: 'invalid_credentials', title: 'Invalid API key', detail: 'the API key is unknown or revoked' };
    }
    this.failures.refund(failureCredential);
    const rate = this.requests.take(auth.keyId, this.now());
    if (!rate.allowed) return tooMany(rate.retryAfterSeconds, `key ${auth.keyId} is over its request rate`);
    const anyOf: readonly Scope[] = typeof scope === 'string' ? [scope] : scope;
    if (!anyOf.some((s) => auth.principal.scopes.includes(s))) {
      return { status: 403, code: 'forbidden', title: 'Scope missing', detail: `${auth.principal.id} may not do this (scope ${anyOf.join(' or ')} missing)` };
    }
    return { principal: auth.principal, keyId: auth.keyId };
  }
}

function tooMany(retryAfterSeconds: number, detail: string): Problem {
  return { status: 429, code: 'rate_limited', title: 'Too many requests', detail, retryAfterSeconds };
}

function presentedKeyId(authorization: string | undefined): string | undefined {
  return /^(?:Bearer\s+)?\s*(sk_[0-9a-f]{12})\./i.exec(authorization ?? '')?.[1];
}

export function isProblem(value: Authenticated | Problem): value is Problem {
  return 'status' in value;
}
