import type { Config as InfraConfig } from '../services/shared/config.ts';
import { InfraError, isAlive, isPortOpen, readPid, stopProcess, tail, waitFor } from './process-control.ts';
import { kafkaServer } from './servers/kafka.ts';
import type { ManagedServer } from './servers/managed-server.ts';
import { redisServer } from './servers/redis.ts';
import { schemaRegistryServer } from './servers/schema-registry.ts';
import { temporalServer } from './servers/temporal.ts';

export type ServerName = 'redis' | 'kafka' | 'schema-registry' | 'temporal';

/** In start order: the registry keeps its schemas in Kafka, so Kafka comes first. */
export function stackServers(config: InfraConfig): ManagedServer[] {
  const kafka = kafkaServer(config);
  return [redisServer(config), kafka, schemaRegistryServer(config, kafka.endpoints.bootstrap!), temporalServer(config)];
}

export type ServerState = 'running' | 'starting' | 'stopped' | 'port-taken';

export interface ServerStatus {
  readonly name: string;
  readonly version: string;
  readonly state: ServerState;
  readonly pid: number | undefined;
  readonly endpoints: Readonly<Record<string, string>>;
  readonly logPath: string;
}

export async function serverStatus(server: ManagedServer): Promise<ServerStatus> {
  const pid = readPid(server.pidFile);
  const ours = isAlive(pid);
  let state: ServerState;
  if (ours) state = (await server.isReady().catch(() => false)) ? 'running' : 'starting';
  else state = (await anyPortTaken(server)) !== undefined ? 'port-taken' : 'stopped';
  return { name: server.name, version: server.version, state, pid: ours ? pid : undefined, endpoints: server.endpoints, logPath: server.logPath };
}

async function anyPortTaken(server: ManagedServer): Promise<number | undefined> {
  for (const port of server.ports) if (await isPortOpen(port)) return port;
  return undefined;
}

export interface UpResult {
  readonly name: string;
  readonly outcome: 'started' | 'already-running';
  readonly millis: number;
}

/**
 * Provisions (cached) and starts one server, or reuses the one we already run. A port held by a
 * process that is not ours is an error: silently talking to the wrong server is worse than failing.
 */
export async function bringUp(server: ManagedServer, log: (line: string) => void): Promise<UpResult> {
  const started = Date.now();
  const failure = (message: string) => new InfraError(server.name, `${message}\n--- last lines of its log ---\n${tail(server.logPath, 30)}`, server.logPath);
  await server.provision(log).catch((error: unknown) => {
    throw new InfraError(server.name, `provisioning failed: ${error instanceof Error ? error.message : String(error)}`, server.logPath);
  });
  const pid = readPid(server.pidFile);
  if (isAlive(pid)) {
    if (!(await waitFor(() => server.isReady(), server.readyTimeoutMs))) throw failure(`running as pid ${pid} but not ready after ${server.readyTimeoutMs} ms`);
    await server.afterReady?.();
    return { name: server.name, outcome: 'already-running', millis: Date.now() - started };
  }
  const taken = await anyPortTaken(server);
  if (taken !== undefined) throw new InfraError(server.name, `port ${taken} is already in use by another process (not Storyline's ${server.name}); free it or configure another port`);
  await server.start();
  const ready = await waitFor(async () => {
    if (!isAlive(readPid(server.pidFile))) throw failure('exited during start-up');
    return server.isReady();
  }, server.readyTimeoutMs).catch((error: unknown) => {
    if (error instanceof InfraError) throw error;
    return false;
  });
  if (!isAlive(readPid(server.pidFile))) throw failure('exited during start-up');
  if (!ready) throw failure(`not ready after ${server.readyTimeoutMs} ms`);
  await server.afterReady?.();
  return { name: server.name, outcome: 'started', millis: Date.now() - started };
}

export async function up(config: InfraConfig, log: (line: string) => void, only?: readonly string[]): Promise<UpResult[]> {
  const results: UpResult[] = [];
  for (const server of stackServers(config)) {
    if (only && only.length > 0 && !only.includes(server.name)) continue;
    const result = await bringUp(server, log);
    log(`${server.name}: ${result.outcome} (${(result.millis / 1000).toFixed(1)} s)`);
    results.push(result);
  }
  return results;
}

export async function down(config: InfraConfig, log: (line: string) => void, only?: readonly string[]): Promise<void> {
  for (const server of stackServers(config).reverse()) {
    if (only && only.length > 0 && !only.includes(server.name)) continue;
    const stopped = await stopProcess(server.pidFile);
    log(`${server.name}: ${stopped ? 'stopped' : 'was not running'}`);
  }
}

export function status(config: InfraConfig): Promise<ServerStatus[]> {
  return Promise.all(stackServers(config).map(serverStatus));
}

export function logs(config: InfraConfig, name: string, lines: number): string {
  const server = stackServers(config).find((s) => s.name === name);
  if (!server) throw new Error(`unknown server ${name}; one of: ${stackServers(config).map((s) => s.name).join(', ')}`);
  return tail(server.logPath, lines);
}
