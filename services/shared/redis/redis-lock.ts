import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { retriable } from '../errors.ts';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A lease-based mutex (SET NX PX + compare-and-delete). It serialises short critical sections across
 * processes; the lease bounds how long a crashed holder can block the others.
 */
export async function withRedisLock<T>(redis: Redis, key: string, work: () => Promise<T>, options: { leaseMs?: number; waitMs?: number } = {}): Promise<T> {
  const token = randomUUID();
  const leaseMs = options.leaseMs ?? 10_000;
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) === 'OK') break;
    if (Date.now() > deadline) throw retriable('lock_timeout', `could not take the lock ${key}`);
    await new Promise((r) => setTimeout(r, delay));
  }
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
