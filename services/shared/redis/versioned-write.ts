import type { Redis } from 'ioredis';

/**
 * Compare-and-set on a version in one round trip: the write lands only if it is newer than what
 * the key holds, so a redelivered or replayed event is a no-op. The consumed offset is stored with
 * the data, atomically, so a reader can always tell which offset the value reflects.
 */
const VERSIONED_WRITE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
local incoming = tonumber(ARGV[1])
if incoming <= current then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'offset', ARGV[2], 'data', ARGV[3])
return 1
`;

export interface VersionedValue {
  readonly version: number;
  readonly offset: string;
  readonly data: string;
}

type WithVersionedWrite = Redis & {
  storylineVersionedWrite(key: string, version: number, offset: string, data: string): Promise<number>;
};

function withVersionedWrite(redis: Redis): WithVersionedWrite {
  if (!('storylineVersionedWrite' in redis)) redis.defineCommand('storylineVersionedWrite', { numberOfKeys: 1, lua: VERSIONED_WRITE });
  return redis as WithVersionedWrite;
}

export async function versionedWrite(redis: Redis, key: string, value: VersionedValue): Promise<boolean> {
  return (await withVersionedWrite(redis).storylineVersionedWrite(key, value.version, value.offset, value.data)) === 1;
}

export async function readVersioned(redis: Redis, key: string): Promise<VersionedValue | undefined> {
  const hash = await redis.hgetall(key);
  if (hash.version === undefined) return undefined;
  return { version: Number(hash.version), offset: hash.offset ?? '', data: hash.data ?? '' };
}
