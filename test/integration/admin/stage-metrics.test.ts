import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminService, type AdminService } from '../../../services/admin/admin-service.ts';
import type { StagesView } from '../../../services/admin/stage-sampler.ts';
import { PIPELINE_CONSUMERS } from '../../../services/runtime/consumer-registry.ts';
import { ProcessMetrics } from '../../../services/runtime/ops-metrics.ts';
import { startOpsServer, type OpsServer } from '../../../services/runtime/ops-server.ts';
import { startHeartbeat, type ProcessHeartbeat } from '../../../services/runtime/process-registry.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { eventually } from '../publish/support.ts';
import { TEST_RATE_LIMITS, call, operatorKeys, type OperatorKeys } from './support.ts';

let platform: Platform;
let keys: OperatorKeys;
let service: AdminService;
let opsServer: OpsServer;
const heartbeats: ProcessHeartbeat[] = [];
const own = new ProcessMetrics(['admin']);
const remote = new ProcessMetrics(['router']);
const remoteId = runId('stage-remote');
const goneId = runId('stage-gone');

async function register(id: string, opsUrl: string): Promise<void> {
  heartbeats.push(await startHeartbeat(platform.redis, () => ({ id, services: ['router'], host: hostname(), pid: process.pid, opsUrl, urls: {}, startedAt: Date.now(), ready: true }), platform.logger));
}

const stages = async (key = keys.reader) => (await call(service.url, key, 'GET', '/ops/v1/metrics/stages')) as { status: number; body: StagesView & Record<string, unknown> };

describe('throughput and latency per stage (admin API, real Redis process registry, real operations port)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    keys = operatorKeys();
    opsServer = await startOpsServer(0, remote, { live: () => true, ready: () => Promise.resolve({ ready: true, checks: {} }) });
    await register(remoteId, opsServer.url);
    // A process whose record is still live but whose operations port answers nothing.
    await register(goneId, 'http://127.0.0.1:1');
    service = await startAdminService(platform, keys.store, { consumers: PIPELINE_CONSUMERS, port: 0, operationsWorker: false, rateLimits: TEST_RATE_LIMITS, processMetrics: own, stageSampleMs: 300 });
  });

  afterAll(async () => {
    await service?.stop();
    for (const heartbeat of heartbeats) await heartbeat.stop();
    await opsServer?.close();
    await platform?.close();
  });

  it('sums a stage over its processes (its own registry and another process\'s /metrics.json) and says which source it could not read', async () => {
    // Baselines first: what the stages handled before the sampler's first reading is not in any interval.
    await eventually(async () => ((await stages()).body.sampledAt ?? null), 'a first sample', 10_000);
    for (let i = 0; i < 5; i++) remote.processed('dedupe-router', { handleMs: 40, ageMs: 900 });
    for (let i = 0; i < 3; i++) own.processed('dedupe-router', { handleMs: 40, ageMs: 900 });
    own.processed('projection', { handleMs: 3, ageMs: 60 });
    const view = await eventually(async () => {
      const answer = await stages();
      const router = answer.body.stages.find((s) => s.stage === 'dedupe-router');
      const handled = router?.points.reduce((sum, p) => sum + p.perSecond * p.seconds, 0) ?? 0;
      return router?.messages === 8 && Math.round(handled) === 8 ? answer.body : null;
    }, 'the router stage counted from both processes', 20_000);
    expect(view.stages.map((s) => s.stage)).toEqual(PIPELINE_CONSUMERS.map((c) => c.name));
    expect(view.stages.find((s) => s.stage === 'dedupe-router')!.topic).toBe(platform.topics.submissions.name);
    const measured = view.stages.find((s) => s.stage === 'dedupe-router')!.points.find((p) => p.handleMs !== null)!;
    // 40 ms lies in the (25 ms, 50 ms] bucket, 900 ms in (500 ms, 1 s].
    expect(measured.handleMs!.p50).toBeGreaterThan(25);
    expect(measured.handleMs!.p95).toBeLessThanOrEqual(50);
    expect(measured.ageMs!.p95).toBeGreaterThan(500);
    expect(measured.ageMs!.p95).toBeLessThanOrEqual(1000);
    expect(view.stages.find((s) => s.stage === 'projection')!.messages).toBe(1);
    expect(view.sources.find((s) => s.id === remoteId)).toMatchObject({ ok: true, services: ['router'] });
    expect(view.sources.find((s) => s.id.startsWith('this process'))).toMatchObject({ ok: true });
    expect(view.sources.find((s) => s.id === goneId)).toMatchObject({ ok: false });
  });

  it('is an ops:read route: consumer keys get 403, no key 401', async () => {
    expect((await stages(keys.consumer)).status).toBe(403);
    expect((await call(service.url, null, 'GET', '/ops/v1/metrics/stages')).status).toBe(401);
  });
});
