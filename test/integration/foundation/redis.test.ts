import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../services/shared/config.ts';
import { readVersioned, versionedWrite } from '../../../services/shared/redis/versioned-write.ts';
import { restartServer } from '../../support/servers.ts';
import { runId } from '../../support/run-id.ts';

const config = loadConfig();
const key = `{${runId('test')}}:state`;
let redis = new Redis(config.redis.url, { maxRetriesPerRequest: 2 });

describe('redis (real server)', () => {
  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('the Lua compare-and-set applies only newer versions, with the offset they came from', async () => {
    expect(await versionedWrite(redis, key, { version: 2, offset: '10', data: 'v2' })).toBe(true);
    expect(await versionedWrite(redis, key, { version: 2, offset: '11', data: 'v2-redelivered' })).toBe(false);
    expect(await versionedWrite(redis, key, { version: 1, offset: '12', data: 'v1-late' })).toBe(false);
    expect(await readVersioned(redis, key)).toEqual({ version: 2, offset: '10', data: 'v2' });
    expect(await versionedWrite(redis, key, { version: 3, offset: '13', data: 'v3' })).toBe(true);
    expect((await readVersioned(redis, key))?.data).toBe('v3');
  });

  it('keeps its data across a restart (append-only file)', async () => {
    await versionedWrite(redis, key, { version: 9, offset: '99', data: 'before-restart' });
    redis.disconnect();
    await restartServer('redis');
    redis = new Redis(config.redis.url, { maxRetriesPerRequest: 2 });
    expect(await readVersioned(redis, key)).toEqual({ version: 9, offset: '99', data: 'before-restart' });
  });
});
