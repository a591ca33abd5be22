import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { retriable } from '../errors.ts';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface LockOptions {
  /** how long a crashed holder can block the others */
  leaseMs?: number;
  /** how long to wait for the lock before giving up with a retriable error */
  waitMs?: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * A lease-based mutex (SET NX PX + compare-and-delete). It serialises short critical sections across
 * processes; the lease bounds how long a crashed holder can block the others.
 */
export async function tryRedisLock(redis: Redis, key: string, options: Pick<LockOptions, 'leaseMs'> = {}): Promise<HeldLock | null> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', options.leaseMs ?? 10_000, 'NX')) !== 'OK') return null;
  return { release: async () => void (await redis.eval(RELEASE, 1, key, token)) };
}

/** Takes the lock, polling with a growing delay, or fails retriably after `waitMs`. */
export async function acquireRedisLock(redis: Redis, key: string, options: LockOptions = {}): Promise<HeldLock> {
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const held = await tryRedisLock(redis, key, options);
    if (held) return held;
    if (Date.now() > deadline) throw retriable('lock_timeout', `could not take the lock ${key}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export async function withRedisLock<T>(redis: Redis, key: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const held = await acquireRedisLock(redis, key, options);
  try {
    return await work();
  } finally {
    await held.release();
  }
}
