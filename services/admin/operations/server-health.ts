import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { Admin } from 'kafkajs';

export interface ServerHealth {
  readonly name: 'kafka' | 'schema-registry' | 'redis' | 'temporal';
  readonly ok: boolean;
  readonly detail: string;
}

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

async function probe(name: ServerHealth['name'], check: () => Promise<string>): Promise<ServerHealth> {
  try {
    return { name, ok: true, detail: await within(3_000, check()) };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Each server answers within 3 s or counts as down: status must answer fast in an outage. */
export function serverHealth(deps: { admin: Admin; redis: Redis; registryUrl: string; temporal: () => Promise<Client> }): Promise<ServerHealth[]> {
  return Promise.all([
    probe('kafka', async () => {
      const cluster = await deps.admin.describeCluster();
      return `${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'unknown'}`;
    }),
    probe('schema-registry', async () => {
      const response = await fetch(`${deps.registryUrl}/subjects`, { signal: AbortSignal.timeout(3_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return `${((await response.json()) as unknown[]).length} subject(s)`;
    }),
    probe('redis', async () => `${await deps.redis.ping()}, ${await deps.redis.dbsize()} key(s)`),
    probe('temporal', async () => {
      const client = await deps.temporal();
      const info = await client.workflowService.getSystemInfo({});
      return `server ${info.serverVersion ?? 'unknown'}`;
    }),
  ]);
}
