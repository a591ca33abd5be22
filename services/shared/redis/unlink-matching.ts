import type { Redis } from 'ioredis';

/** Deletes every key matching a pattern, UNLINK in SCAN pages so Redis never blocks on it; answers how many went. */
export async function unlinkMatching(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
