import type { Redis } from 'ioredis';
import { retriable, StorylineError } from '../../shared/errors.ts';

/**
 * Idempotency-Key bookkeeping in Redis. A key is first reserved (SET NX) with the request's
 * fingerprint, so two concurrent requests with one key cannot both produce; it is completed once
 * Kafka acknowledged. A request that gave up waiting for Kafka marks the key `settling` until its
 * write settles (then completed or released), so a retry neither writes twice nor waits on a 409.
 */
export type Reservation =
  | { kind: 'reserved' }
  | { kind: 'replay'; submissionId: string }
  | { kind: 'in-flight' }
  | { kind: 'settling' }
  | { kind: 'conflict' };

interface Entry {
  readonly fingerprint: string;
  readonly submissionId: string;
  readonly state: 'pending' | 'settling' | 'done';
}

/** What accept-submission needs of the ledger; Redis in production, a map in unit tests. */
export interface IdempotencyLedger {
  reserve(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<Reservation>;
  complete(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<void>;
  markSettling(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<void>;
  release(providerId: string, idempotencyKey: string): Promise<void>;
}

const TTL_SECONDS = 24 * 3600;
/**
 * A reservation whose holder crashed before writing must not block the key for a day, but it must
 * outlive any write still in the producer: with the client's request timeout (30 s) and bounded
 * retries a send settles within about two minutes.
 */
export const PENDING_TTL_SECONDS = 600;
/** Redis that does not answer within this is treated as down (503), not waited for. */
const REDIS_DEADLINE_MS = 1000;

export class IdempotencyStore implements IdempotencyLedger {
  constructor(private readonly redis: Redis) {}

  private key(providerId: string, idempotencyKey: string): string {
    return `idem:{${providerId}}:${idempotencyKey}`;
  }

  async reserve(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<Reservation> {
    const key = this.key(providerId, idempotencyKey);
    const entry: Entry = { fingerprint, submissionId, state: 'pending' };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if ((await this.call(() => this.redis.set(key, JSON.stringify(entry), 'EX', PENDING_TTL_SECONDS, 'NX'))) === 'OK') return { kind: 'reserved' };
      const existing = await this.call(() => this.redis.get(key));
      if (existing === null) continue;
      const found = JSON.parse(existing) as Partial<Entry> & { sha256?: string };
      // Entries written before the fingerprint covered the identity headers hold the body's hash only.
      if ((found.fingerprint ?? found.sha256) !== fingerprint) return { kind: 'conflict' };
      if (found.state === 'done') return { kind: 'replay', submissionId: found.submissionId ?? '' };
      return found.state === 'settling' ? { kind: 'settling' } : { kind: 'in-flight' };
    }
    return { kind: 'in-flight' };
  }

  async complete(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<void> {
    const entry: Entry = { fingerprint, submissionId, state: 'done' };
    await this.call(() => this.redis.set(this.key(providerId, idempotencyKey), JSON.stringify(entry), 'EX', TTL_SECONDS));
  }

  async markSettling(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<void> {
    const entry: Entry = { fingerprint, submissionId, state: 'settling' };
    await this.call(() => this.redis.set(this.key(providerId, idempotencyKey), JSON.stringify(entry), 'EX', PENDING_TTL_SECONDS, 'XX'));
  }

  async release(providerId: string, idempotencyKey: string): Promise<void> {
    await this.call(() => this.redis.del(this.key(providerId, idempotencyKey)));
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_DEADLINE_MS} ms`)), REDIS_DEADLINE_MS)));
    try {
      return await Promise.race([command(), deadline]);
    } catch (error) {
      throw error instanceof StorylineError ? error : retriable('redis_unavailable', 'Redis, which keeps the Idempotency-Keys, is unavailable', error);
    } finally {
      clearTimeout(timer);
    }
  }
}
