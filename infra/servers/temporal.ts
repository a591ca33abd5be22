import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import type { Config as InfraConfig } from '../../services/shared/config.ts';
import { VERSIONS } from '../versions.ts';
import { execFileAsync, spawnDetached } from '../process-control.ts';
import type { ManagedServer } from './managed-server.ts';

export function temporalBinary(config: InfraConfig): string {
  return join(config.cacheDir, `temporal-cli-${VERSIONS.temporalCli}`, 'bin', 'temporal');
}

export function temporalServer(config: InfraConfig): ManagedServer {
  const binary = temporalBinary(config);
  const { localPort: port, uiPort, namespace, headless } = config.temporal;
  const dir = join(config.runDir, 'temporal');
  const address = `127.0.0.1:${port}`;
  return {
    name: 'temporal',
    version: `cli ${VERSIONS.temporalCli} (server ${VERSIONS.temporalServer})`,
    ports: headless ? [port, port + 10] : [port, uiPort, port + 10],
    logPath: join(config.runDir, 'logs', 'temporal.log'),
    pidFile: join(config.runDir, 'pids', 'temporal.pid'),
    endpoints: { address, namespace, ...(headless ? {} : { ui: `http://127.0.0.1:${uiPort}` }) },
    readyTimeoutMs: 90_000,
    async provision(log) {
      if (existsSync(binary)) return;
      log(`temporal: building the Temporal CLI v${VERSIONS.temporalCli} with go install (first time only, a few minutes)`);
      await execFileAsync('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${VERSIONS.temporalCli}`], {
        env: { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOBIN: join(binary, '..') },
        maxBuffer: 64 * 1024 * 1024,
      });
    },
    start() {
      mkdirSync(dir, { recursive: true });
      spawnDetached({
        command: binary,
        args: [
          'server', 'start-dev',
          '--ip', '127.0.0.1',
          '--port', String(port),
          '--http-port', String(port + 10),
          ...(headless ? ['--headless'] : ['--ui-port', String(uiPort)]),
          '--db-filename', join(dir, 'temporal.sqlite'),
          '--namespace', namespace,
          '--log-level', 'warn',
        ],
        logPath: this.logPath,
        pidFile: this.pidFile,
      });
      return Promise.resolve();
    },
    async isReady() {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return true;
      } finally {
        await connection.close();
      }
    },
    // The server creates its start-up namespace; another one (the tests' own) is registered on first use.
    async afterReady() {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        const exists = await connection.workflowService.describeNamespace({ namespace }).then(() => true, () => false);
        if (!exists) {
          await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') }).catch((error: unknown) => {
            if (!/already exists/i.test(String(error))) throw error;
          });
        }
        for (let attempt = 0; attempt < 50; attempt++) {
          if (await connection.workflowService.describeNamespace({ namespace }).then(() => true, () => false)) return;
          await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error(`namespace ${namespace} was registered but is not visible`);
      } finally {
        await connection.close();
      }
    },
  };
}
