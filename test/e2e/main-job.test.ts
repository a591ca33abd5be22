import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadConfig } from '../../services/shared/config.ts';
import { createKafka } from '../../services/shared/kafka/kafka-client.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../services/cli/bin.mjs', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// The main job's demo providers and item ids are fixed (re-runs are idempotent), so it gets an
// environment of its own: fresh topics, an emptied Redis database and its own Temporal namespace.
const environment = `m${Date.now().toString(36)}`;
const overrides = { STORYLINE_ENV: environment, STORYLINE_REDIS_DB: '2', STORYLINE_TEMPORAL_NAMESPACE: `storyline-${environment}` };

afterAll(async () => {
  const admin = createKafka('storyline-test', loadConfig().kafka.brokers).admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${environment}.`));
  await admin.deleteTopics({ topics });
  await admin.disconnect();
});

describe('the main job (npm start)', () => {
  it('brings everything up, pushes the sample copy through, and shows the stories it became — twice, idempotently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storyline-main-'));
    const redis = new Redis(loadConfig({ ...process.env, ...overrides }).redis.url);
    await redis.flushdb();
    redis.disconnect();
    const env = { ...process.env, ...overrides, STORYLINE_INGEST_PORT: String(await freePort()), STORYLINE_API_PORT: String(await freePort()), STORYLINE_PRINCIPALS_FILE: join(dir, 'principals.json'), STORYLINE_DROP_DIR: join(dir, 'drop') };
    const first = await run(process.execPath, [cli, 'start', '--once'], { env, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
    expect(first.stdout).toMatch(/01-geneva-talks\.txt\s+202 sub_/);
    expect(first.stdout).toMatch(/v3 \(correction\)/);
    expect(first.stdout).toMatch(/dateline Geneva 2022-01-22/);
    expect(first.stdout).toMatch(/related: example-wire/);
    expect(first.stdout).toMatch(/console\s+http:\/\/127\.0\.0\.1:\d+\/console\/\s+\(sign in with the key sk_[0-9a-f]{12}\.\S+\)/);
    expect(first.stdout).toMatch(/Temporal UI\s+http:\/\/127\.0\.0\.1:\d+\/namespaces\/storyline-m\w+\/workflows/);

    const second = await run(process.execPath, [cli, 'start', '--once'], { env, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
    expect(second.stdout).toMatch(/01-geneva-talks\.txt\s+202 sub_\S+ \(replayed/);
    expect(second.stdout).toMatch(/v3 \(correction\)/);
  // Two whole runs of the main job, each bounded at 240 s by its own timeout.
  }, 480_000);
});
