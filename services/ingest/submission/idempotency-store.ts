import type { Redis } from 'ioredis';

/**
 * Idempotency-Key bookkeeping in Redis. A key is first reserved (SET NX) with the body's hash, so
 * two concurrent requests with one key cannot both produce; it is completed once Kafka acknowledged.
 */
export type Reservation =
  | { kind: 'reserved' }
  | { kind: 'replay'; submissionId: string }
  | { kind: 'in-flight' }
  | { kind: 'conflict' };

interface Entry {
  readonly sha256: string;
  readonly submissionId: string;
  readonly state: 'pending' | 'done';
}

const TTL_SECONDS = 24 * 3600;
// A reservation whose holder crashed before writing must not block the key for a day.
const PENDING_TTL_SECONDS = 60;

export class IdempotencyStore {
  constructor(private readonly redis: Redis) {}

  private key(providerId: string, idempotencyKey: string): string {
    return `idem:{${providerId}}:${idempotencyKey}`;
  }

  async reserve(providerId: string, idempotencyKey: string, sha256: string, submissionId: string): Promise<Reservation> {
    const key = this.key(providerId, idempotencyKey);
    const entry: Entry = { sha256, submissionId, state: 'pending' };
    if ((await this.redis.set(key, JSON.stringify(entry), 'EX', PENDING_TTL_SECONDS, 'NX')) === 'OK') return { kind: 'reserved' };
    const existing = await this.redis.get(key);
    if (existing === null) return this.reserve(providerId, idempotencyKey, sha256, submissionId);
    const found = JSON.parse(existing) as Entry;
    if (found.sha256 !== sha256) return { kind: 'conflict' };
    return found.state === 'done' ? { kind: 'replay', submissionId: found.submissionId } : { kind: 'in-flight' };
  }

  async complete(providerId: string, idempotencyKey: string, sha256: string, submissionId: string): Promise<void> {
    const entry: Entry = { sha256, submissionId, state: 'done' };
    await this.redis.set(this.key(providerId, idempotencyKey), JSON.stringify(entry), 'EX', TTL_SECONDS);
  }

  async release(providerId: string, idempotencyKey: string): Promise<void> {
    await this.redis.del(this.key(providerId, idempotencyKey));
  }
}
