import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { status } from '../../infra/stack.ts';
import type { Config } from '../shared/config.ts';
import type { FaultRecord } from './service-fleet.ts';

export const SERVER_NAMES = ['kafka', 'redis', 'schema-registry', 'temporal'] as const;
const CLI = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

/**
 * SIGKILLs a local server this project runs and brings it back with `storyline infra up <server>`.
 * Only behind `--kill-servers`: the servers may be shared. Untested on shared machines.
 */
export async function killServer(config: Config, server: string, note: (line: string) => void): Promise<FaultRecord> {
  const found = (await status(config)).find((s) => s.name === server);
  const killedAt = Date.now();
  if (!found?.pid) {
    note(`${server}: no pid of ours to kill`);
    return { target: server, component: server, killedAt, recoveryMs: null };
  }
  process.kill(found.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 2_000));
  const up = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'infra', 'up', server], { stdio: 'ignore', timeout: 300_000 });
  return { target: server, component: server, killedAt, recoveryMs: up.status === 0 ? Date.now() - killedAt : null };
}
