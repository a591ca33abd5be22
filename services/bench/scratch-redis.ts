import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../infra/process-control.ts';
import { freePort } from '../../infra/free-port.ts';
import { answersPing } from '../../infra/servers/redis.ts';

/** A Redis server of a benchmark's own: gone with everything in it when stopped. */
export interface ScratchRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the redis-server the project provisions on a free port, without persistence (no RDB
 * snapshots, no AOF): a load of gigabytes must not be written to disk, nor land in the project's
 * server, whose AOF would keep it. The server is a child of this process and is killed if the process
 * exits, or is told to, without stopping it.
 */
export async function startScratchRedis(): Promise<ScratchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'storyline-scratch-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', ''], { stdio: ['ignore', 'ignore', 'inherit'] });
  const kill = () => child.kill('SIGKILL');
  // Stopped with the bench: on its exit, and on a signal that ends it (then raised again, to end it as it would have).
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    rmSync(dir, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.once('exit', kill);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const ready = await waitFor(() => answersPing(port), 10_000);
  const stop = async () => {
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref())]);
    if (!stopped) kill();
    process.off('exit', kill);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!ready) {
    await stop();
    throw new Error(`redis-server on port ${port} did not answer within 10 s`);
  }
  return { url, stop };
}
