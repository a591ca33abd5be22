import { loadConfig } from '../../services/shared/config.ts';
import { bringUp, stackServers, type ServerName } from '../../infra/stack.ts';
import { stopProcess } from '../../infra/process-control.ts';

/** Stops one of the local servers (SIGTERM, or SIGKILL for a crash) and brings it back, as an operator would. */
export async function restartServer(name: ServerName, how: 'graceful' | 'crash' = 'graceful'): Promise<void> {
  const server = stackServers(loadConfig()).find((s) => s.name === name);
  if (!server) throw new Error(`unknown server ${name}`);
  await stopProcess(server.pidFile, how === 'crash' ? 0 : 20_000);
  await bringUp(server, () => undefined);
}
