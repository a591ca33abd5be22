import { createServer, type Server } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bringUp } from '../../../infra/stack.ts';
import { InfraError } from '../../../infra/process-control.ts';
import type { ManagedServer } from '../../../infra/servers/managed-server.ts';

let blocker: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())));

function fakeServer(port: number, overrides: Partial<ManagedServer> = {}): ManagedServer {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-infra-'));
  return {
    name: 'fake',
    version: '0',
    ports: [port],
    logPath: join(dir, 'fake.log'),
    pidFile: join(dir, 'fake.pid'),
    endpoints: {},
    readyTimeoutMs: 1000,
    provision: () => Promise.resolve(),
    start: () => Promise.resolve(),
    isReady: () => Promise.resolve(false),
    ...overrides,
  };
}

describe('infra bring-up', () => {
  it('reports a port held by another process instead of reusing it', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const error = await bringUp(fakeServer(port), () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraError);
    expect(String((error as Error).message)).toMatch(new RegExp(`fake: port ${port} is already in use by another process`));
  });

  it('names the server and its log when provisioning fails', async () => {
    const server = fakeServer(1, { provision: () => Promise.reject(new Error('no network')) });
    await expect(bringUp(server, () => undefined)).rejects.toThrowError(/fake: provisioning failed: no network \(log: .*fake\.log\)/);
  });
});
