import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { provisionTemporalTestServer } from '../../../infra/servers/temporal-test-server.ts';

/**
 * The SDK's `createTimeSkipping` gives the Java test server a fixed five seconds to listen, which a
 * JVM on a loaded two-core machine misses; this starts it with a deadline of our own and hands the
 * SDK the address (its time-skipping client then works as it would on a server it started).
 */
export interface TimeSkippingServer {
  readonly env: TestWorkflowEnvironment;
  /** Tears the environment down and stops the server process. */
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 120_000;

export async function startTimeSkippingServer(cacheDir: string): Promise<TimeSkippingServer> {
  const executable = await provisionTemporalTestServer(cacheDir);
  const port = await freePort();
  const server = spawn(executable, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await listening(server, port, () => stderr);
    const env = await createOnExistingTimeSkippingServer(`127.0.0.1:${port}`);
    return {
      env,
      async stop() {
        await env.teardown();
        await stopProcess(server);
      },
    };
  } catch (error) {
    await stopProcess(server);
    throw error;
  }
}

type CreateOptions = { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: boolean };

/** `create` is what `createTimeSkipping` calls after starting its own server; its type is private, its behaviour is the SDK's. */
function createOnExistingTimeSkippingServer(address: string): Promise<TestWorkflowEnvironment> {
  const sdk = TestWorkflowEnvironment as unknown as { create(options: CreateOptions): Promise<TestWorkflowEnvironment> };
  return sdk.create({ server: { type: 'existing' }, address, namespace: 'default', supportsTimeSkipping: true });
}

async function listening(server: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the temporal test server exited with ${server.exitCode}:\n${output()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the temporal test server did not listen on ${port} within ${STARTUP_DEADLINE_MS} ms:\n${output()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
