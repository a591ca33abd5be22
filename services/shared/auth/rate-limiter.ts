/**
 * Token buckets per credential, in process memory: `burst` requests at once, refilled at
 * `perSecond`. Time comes in as an argument (pure, testable). Buckets that are full again are
 * forgotten, so the map holds only credentials seen in the last `burst / perSecond` seconds.
 */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_TRACKED = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  take(credential: string, nowMs: number): RateDecision {
    const bucket = this.refilled(credential, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) };
  }

  /** Gives back the token `take` spent: a failure limiter spends before it knows the outcome. */
  refund(credential: string): void {
    const bucket = this.buckets.get(credential);
    if (bucket) bucket.tokens = Math.min(this.limit.burst, bucket.tokens + 1);
  }

  private refilled(credential: string, nowMs: number): Bucket {
    const found = this.buckets.get(credential);
    const bucket = found ?? { tokens: this.limit.burst, at: nowMs };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = nowMs;
    if (!found) {
      if (this.buckets.size >= MAX_TRACKED) this.forgetFull(nowMs);
      this.buckets.set(credential, bucket);
    }
    return bucket;
  }

  private forgetFull(nowMs: number): void {
    for (const [credential, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(credential);
    }
  }
}

/**
 * Requests per key (a client's ordinary rate) and failed verifications per presented key id or
 * client address (guessing secrets costs a scrypt each: few are allowed).
 */
export interface AuthRateLimits {
  readonly requests: RateLimit;
  readonly failures: RateLimit;
}

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  requests: { perSecond: 200, burst: 400 },
  failures: { perSecond: 1, burst: 10 },
};
