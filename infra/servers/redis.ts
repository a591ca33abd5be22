import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import type { Config as InfraConfig } from '../../services/shared/config.ts';
import { VERSIONS } from '../versions.ts';
import { execFileAsync, spawnDetached } from '../process-control.ts';
import type { ManagedServer } from './managed-server.ts';

async function hasRedisServer(): Promise<boolean> {
  try {
    await execFileAsync('redis-server', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** Whether a Redis server on a loopback port answers PING. */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

export function redisServer(config: InfraConfig): ManagedServer {
  const dir = join(config.runDir, 'redis');
  const port = config.redis.localPort;
  return {
    name: 'redis',
    version: VERSIONS.redis,
    ports: [port],
    logPath: join(config.runDir, 'logs', 'redis.log'),
    pidFile: join(config.runDir, 'pids', 'redis.pid'),
    endpoints: { url: `redis://127.0.0.1:${port}` },
    readyTimeoutMs: 30_000,
    async provision(log) {
      if (await hasRedisServer()) return;
      if (process.getuid?.() !== 0) throw new Error('redis-server is not installed and this is not root: install Debian package redis-server');
      log('redis: installing Debian package redis-server');
      await execFileAsync('apt-get', ['update', '-q'], { maxBuffer: 64 * 1024 * 1024 });
      await execFileAsync('apt-get', ['install', '-y', '-q', 'redis-server'], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    },
    start() {
      mkdirSync(dir, { recursive: true });
      // AOF with fsync every second: the read models survive a restart; they can always be rebuilt from Kafka.
      spawnDetached({
        command: 'redis-server',
        args: ['--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'no', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--logfile', ''],
        logPath: this.logPath,
        pidFile: this.pidFile,
      });
      return Promise.resolve();
    },
    isReady: () => answersPing(port),
  };
}
