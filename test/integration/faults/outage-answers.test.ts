import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminService, type AdminService } from '../../../services/admin/admin-service.ts';
import { startApiService, type ApiService } from '../../../services/api/api-service.ts';
import { PIPELINE_CONSUMERS } from '../../../services/runtime/consumer-registry.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { createRootLogger } from '../../../services/shared/logger.ts';
import { createPlatform, type Platform } from '../../../services/shared/platform/platform.ts';
import { TcpProxy } from '../../support/tcp-proxy.ts';
import { TEST_RATE_LIMITS, call, operatorKeys, type OperatorKeys } from '../admin/support.ts';

/** Redis taken away from these services only, through a proxy: the shared server stays up for everyone else. */
describe('a Redis outage answers 503, never 500, and passes without a restart (real servers behind a proxy)', () => {
  let proxy: TcpProxy;
  let platform: Platform;
  let keys: OperatorKeys;
  let api: ApiService;
  let admin: AdminService;

  beforeAll(async () => {
    const config = loadConfig();
    const redis = new URL(config.redis.url);
    proxy = new TcpProxy(redis.hostname, Number(redis.port));
    const port = await proxy.up();
    redis.host = `127.0.0.1:${port}`;
    platform = await createPlatform(loadConfig({ ...process.env, STORYLINE_REDIS_URL: redis.toString() }), createRootLogger('silent', 2), { clientId: 'storyline-outage-test', consumers: PIPELINE_CONSUMERS });
    keys = operatorKeys();
    api = await startApiService(platform, keys.store, 0);
    admin = await startAdminService(platform, keys.store, { consumers: PIPELINE_CONSUMERS, port: 0, operationsWorker: false, rateLimits: TEST_RATE_LIMITS });
  });
  afterAll(async () => {
    await proxy?.up().catch(() => undefined);
    await admin?.stop();
    await api?.stop();
    await platform?.close();
    await proxy?.down();
  });

  const probes = () => [
    { service: 'consumer API', at: () => call(api.url, keys.consumer, 'GET', '/v1/stories/st-missing') },
    { service: 'consumer API list', at: () => call(api.url, keys.consumer, 'GET', '/v1/stories?limit=1') },
    { service: 'admin API', at: () => call(admin.url, keys.reader, 'GET', '/ops/v1/audit') },
    { service: 'admin API story', at: () => call(admin.url, keys.reader, 'GET', '/ops/v1/projection/hash') },
  ];

  it('answers 503 with Retry-After within seconds while Redis is away, and the usual answers once it is back', async () => {
    const before = await Promise.all(probes().map((p) => p.at()));
    expect(before.map((a) => a.status)).toEqual([404, 200, 200, 200]);

    await proxy.down();
    for (const probe of probes()) {
      const started = Date.now();
      const answer = await probe.at();
      expect({ service: probe.service, status: answer.status, code: answer.body.code }).toEqual({ service: probe.service, status: 503, code: 'redis_unavailable' });
      expect(Date.now() - started).toBeLessThan(5_000);
    }

    await proxy.up();
    const deadline = Date.now() + 20_000;
    let after = await Promise.all(probes().map((p) => p.at()));
    while (after.some((a) => a.status === 503) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      after = await Promise.all(probes().map((p) => p.at()));
    }
    expect(after.map((a) => a.status)).toEqual([404, 200, 200, 200]);
  });
});
