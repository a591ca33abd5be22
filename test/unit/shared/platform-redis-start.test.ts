import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../services/shared/config.ts';
import { createRootLogger } from '../../../services/shared/logger.ts';
import { createPlatform } from '../../../services/shared/platform/platform.ts';

describe('a process started while Redis is down', () => {
  // The failed connect used to leave ioredis reconnecting for ever, which kept the process alive: the start hung, neither ready nor exited.
  it('fails its start with the address and the cause, so its supervisor can restart it', async () => {
    const config = loadConfig({ STORYLINE_REDIS_URL: 'redis://127.0.0.1:1/0' });
    await expect(createPlatform(config, createRootLogger('silent'))).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1\/0 is unreachable: .*ECONNREFUSED/);
  }, 30_000);
});
