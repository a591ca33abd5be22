import { join } from 'node:path';
import { freePort, isPortFree } from '../../infra/free-port.ts';
import { bringUp, stackServers, status } from '../../infra/stack.ts';
import type { Config } from '../shared/config.ts';
import type { FaultRecord } from './service-fleet.ts';

export const SERVER_NAMES = ['kafka', 'redis', 'schema-registry', 'temporal'] as const;

/**
 * The environment of a server set of the run's own: every port free now, data, logs and pids in a run
 * directory of its own under the cache (the binaries are the cached ones), no UI. The shared servers
 * are never touched: only these are killed.
 */
export async function ownServerEnvironment(cacheDir: string, runId: string): Promise<Record<string, string>> {
  let temporal = await freePort();
  // Temporal's HTTP API binds its port + 10.
  while (temporal + 10 > 65_535 || !(await isPortFree(temporal + 10))) temporal = await freePort();
  return {
    STORYLINE_RUN_DIR: join(cacheDir, `run-chaos-${runId}`),
    STORYLINE_KAFKA_PORT: String(await freePort()),
    STORYLINE_KAFKA_CONTROLLER_PORT: String(await freePort()),
    STORYLINE_REGISTRY_PORT: String(await freePort()),
    STORYLINE_REGISTRY_MANAGEMENT_PORT: String(await freePort()),
    STORYLINE_REDIS_PORT: String(await freePort()),
    STORYLINE_TEMPORAL_PORT: String(temporal),
    STORYLINE_TEMPORAL_HEADLESS: 'true',
    // Addresses derive from the ports; overrides pointing at the shared servers are dropped.
    STORYLINE_KAFKA_BROKERS: '',
    STORYLINE_REGISTRY_URL: '',
    STORYLINE_REDIS_URL: '',
    STORYLINE_TEMPORAL_ADDRESS: '',
  };
}

/**
 * SIGKILLs one server of the run's own set and brings it back as `storyline infra up` would; the
 * recovery time is from the kill to the server answering again.
 */
export async function killServer(config: Config, server: string, pauseMs: number, note: (line: string) => void): Promise<FaultRecord> {
  const found = (await status(config)).find((s) => s.name === server);
  const managed = stackServers(config).find((s) => s.name === server);
  const killedAt = Date.now();
  if (!found?.pid || !managed) {
    note(`${server}: no pid of ours to kill`);
    return { target: server, component: server, killedAt, recoveryMs: null };
  }
  process.kill(found.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, pauseMs));
  try {
    await bringUp(managed, note);
    return { target: server, component: server, killedAt, recoveryMs: Date.now() - killedAt };
  } catch (error) {
    note(`${server} did not come back: ${String(error)}`);
    return { target: server, component: server, killedAt, recoveryMs: null };
  }
}
