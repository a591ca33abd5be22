import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProcesses } from '../../../services/runtime/process-registry.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform } from '../../support/platform.ts';

let platform: Platform;
const children: ChildProcess[] = [];

interface ReadyLine {
  readonly id: string;
  readonly ops: string;
  readonly services: string[];
  readonly urls: Record<string, string>;
}

/** `storyline run <services>` as a user runs it, with the test environment, resolving on its ready line. */
function runProcess(args: readonly string[]): Promise<{ child: ChildProcess; ready: ReadyLine; output: () => string }> {
  const env = { ...process.env, STORYLINE_PRINCIPALS_FILE: join(mkdtempSync(join(tmpdir(), 'storyline-run-')), 'principals.json'), STORYLINE_LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/main.ts', 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 90 s:\n${output}`)), 90_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"event":"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line) as ReadyLine, output: () => output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

describe('storyline run <service>... (real servers, one child process)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await platform?.close();
  });

  it('refuses an unknown service name, naming the known ones', async () => {
    await expect(runProcess(['rooter'])).rejects.toThrow(/unknown service "rooter"; one of: api, projection, publisher/);
  });

  it('serves health, readiness and Prometheus metrics on its operations port, registers a heartbeat, and stops in order with exit 0 on SIGTERM', async () => {
    const { child, ready } = await runProcess(['publisher', 'projection', 'ingest', '--ops-port', '0', '--ingest-port', '0']);
    expect(ready.services).toEqual(['projection', 'publisher', 'ingest']);
    expect(ready.ops).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${ready.ops}/health`)).status).toBe(200);
    const readiness = await fetch(`${ready.ops}/ready`);
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({ status: 'ready', checks: { services: true, redis: true } });
    const metrics = await (await fetch(`${ready.ops}/metrics`)).text();
    expect(metrics).toContain('storyline_process_ready{services="projection,publisher,ingest"} 1');
    expect(metrics).toContain('# TYPE storyline_consumer_dead_letters_total counter');
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect((await fetch(`${ready.urls.ingest}/health`)).status).toBe(200);

    const registered = (await listProcesses(platform.redis)).find((p) => p.id === ready.id);
    expect(registered).toMatchObject({ services: ['projection', 'publisher', 'ingest'], pid: child.pid, opsUrl: ready.ops, ready: true, urls: { ingest: ready.urls.ingest } });

    const started = Date.now();
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await listProcesses(platform.redis)).map((p) => p.id)).not.toContain(ready.id);
  });
});
