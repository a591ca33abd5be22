import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../services/shared/config.ts';
import { resetTestEnvironment } from './reset-environment.ts';
import { bringUp, serverStatus, stackServers } from '../../infra/stack.ts';
import { provisionTemporalTestServer } from '../../infra/servers/temporal-test-server.ts';
import { stopProcess } from '../../infra/process-control.ts';
import { startWithTestcontainers } from './testcontainers-stack.ts';
import { TEST_ENVIRONMENT } from './test-environment.ts';

function dockerReachable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Real servers for the integration and e2e tiers: testcontainers where a Docker engine answers,
 * the project's own local provisioning otherwise. Running servers are reused; whatever this run
 * started, it stops. A server that cannot be had fails the run with the reason, never a skip.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const config = loadConfig({ ...process.env, ...TEST_ENVIRONMENT });
  // The time-skipping tests start their own test server per file; only its install is shared.
  await provisionTemporalTestServer(config.cacheDir, (line) => console.log(`[infra] ${line}`));
  if (process.env.STORYLINE_TEST_DOCKER !== 'false' && dockerReachable()) {
    const stop = await startWithTestcontainers();
    return stop;
  }
  const started: string[] = [];
  for (const server of stackServers(config)) {
    const before = await serverStatus(server);
    const result = await bringUp(server, (line) => console.log(`[infra] ${line}`));
    if (result.outcome === 'started' && before.state !== 'running') started.push(server.pidFile);
    console.log(`[infra] ${server.name}: ${result.outcome} (${(result.millis / 1000).toFixed(1)} s)`);
  }
  await resetTestEnvironment(config);
  return async () => {
    if (process.env.STORYLINE_KEEP_SERVERS === 'true') return;
    for (const pidFile of started.reverse()) await stopProcess(pidFile);
  };
}
