import type { Redis } from 'ioredis';
import { retriable, StorylineError } from '../../shared/errors.ts';

/**
 * Idempotency-Key bookkeeping in Redis. A key is first reserved (SET NX) with the request's
 * fingerprint, so two concurrent requests with one key cannot both produce; it is completed once
 * Kafka acknowledged. A request that gave up waiting for Kafka marks the key `settling` until its
 * write settles (then completed or released), so a retry neither writes twice nor waits on a 409.
 * A reservation older than `STALE_RESERVATION_MS` was left by a holder that died (an ingest process
 * killed mid-request): a retry takes it over and writes under the submission id it held, so that if
 * the dead holder's write did land, the two records are one submission, which the router and the story
 * workflow de-duplicate by id.
 */
export type Reservation =
  /** `submissionId`: the id to write under, the caller's own or the one a stale reservation held */
  | { kind: 'reserved'; submissionId: string }
  | { kind: 'replay'; submissionId: string }
  | { kind: 'in-flight' }
  | { kind: 'settling' }
  | { kind: 'conflict' };

export interface LedgerEntry {
  readonly fingerprint: string;
  readonly submissionId: string;
  readonly state: 'pending' | 'settling' | 'done';
  /** When the reservation (or its settling mark) was written; absent in entries written before takeovers. */
  readonly reservedAt?: number;
}

/**
 * Longer than a live holder keeps a key pending or settling: the breaker answers 503 within about 1.5 s
 * and a send the request gave up on settles within the producer's request timeout (30 s).
 */
export const STALE_RESERVATION_MS = 35_000;

/** What a request finds under its key; `take-over`: a stale reservation whose submission id the request reuses. */
export function judgeReservation(found: Partial<LedgerEntry> & { sha256?: string }, fingerprint: string, now: number, bodyDigest?: string): Reservation | { kind: 'take-over'; submissionId: string } {
  // Entries written before the fingerprint covered the identity headers hold the body's hash only
  // (`sha256`): the same bytes sent again with the key are the same request, as they were then.
  const same = found.fingerprint !== undefined ? found.fingerprint === fingerprint : found.sha256 !== undefined && found.sha256 === bodyDigest;
  if (!same) return { kind: 'conflict' };
  if (found.state === 'done') return { kind: 'replay', submissionId: found.submissionId ?? '' };
  if (found.submissionId && now - (found.reservedAt ?? 0) >= STALE_RESERVATION_MS) return { kind: 'take-over', submissionId: found.submissionId };
  return found.state === 'settling' ? { kind: 'settling' } : { kind: 'in-flight' };
}

/** What accept-submission needs of the ledger; Redis in production, a map in unit tests. */
export interface IdempotencyLedger {
  /** `bodyDigest`: the SHA-256 of the bytes alone, what entries of earlier releases hold */
  reserve(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string, bodyDigest?: string): Promise<Reservation>;
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

// Replaces the entry only if it is still the one read: two retries never both take a stale reservation over.
const TAKE_OVER_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return false`;

export class IdempotencyStore implements IdempotencyLedger {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  private key(providerId: string, idempotencyKey: string): string {
    return `idem:{${providerId}}:${idempotencyKey}`;
  }

  async reserve(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string, bodyDigest?: string): Promise<Reservation> {
    const key = this.key(providerId, idempotencyKey);
    const pending = (id: string): string => JSON.stringify({ fingerprint, submissionId: id, state: 'pending', reservedAt: this.now() } satisfies LedgerEntry);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if ((await this.call(() => this.redis.set(key, pending(submissionId), 'EX', PENDING_TTL_SECONDS, 'NX'))) === 'OK') return { kind: 'reserved', submissionId };
      const existing = await this.call(() => this.redis.get(key));
      if (existing === null) continue;
      const judged = judgeReservation(JSON.parse(existing) as Partial<LedgerEntry>, fingerprint, this.now(), bodyDigest);
      if (judged.kind !== 'take-over') return judged;
      const taken = await this.call(() => this.redis.eval(TAKE_OVER_SCRIPT, 1, key, existing, pending(judged.submissionId), String(PENDING_TTL_SECONDS)));
      if (taken === 'OK') return { kind: 'reserved', submissionId: judged.submissionId };
    }
    return { kind: 'in-flight' };
  }

  async complete(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<void> {
    const entry: LedgerEntry = { fingerprint, submissionId, state: 'done' };
    await this.call(() => this.redis.set(this.key(providerId, idempotencyKey), JSON.stringify(entry), 'EX', TTL_SECONDS));
  }

  async markSettling(providerId: string, idempotencyKey: string, fingerprint: string, submissionId: string): Promise<void> {
    const entry: LedgerEntry = { fingerprint, submissionId, state: 'settling', reservedAt: this.now() };
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
