import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';

/**
 * The process heartbeat registry in Redis (read by `storyline status` and the console):
 *   sl:proc:{procs}          sorted set  process id → time of its last heartbeat (epoch ms)
 *   sl:proc:{procs}:<id>     string      the process's ProcessRecord as JSON, expiring after
 *                                        PROCESS_TTL_MS without a heartbeat (a SIGKILLed process
 *                                        disappears by itself)
 * A process writes both every HEARTBEAT_MS, deletes both on a graceful stop, and prunes set members
 * whose record expired. A live process = a set member whose record key exists.
 */
export const PROCESS_SET_KEY = 'sl:proc:{procs}';
export const processKey = (id: string) => `${PROCESS_SET_KEY}:${id}`;
export const HEARTBEAT_MS = 5_000;
export const PROCESS_TTL_MS = 15_000;

export interface ProcessRecord {
  readonly id: string;
  readonly services: readonly string[];
  readonly host: string;
  readonly pid: number;
  /** The operations port's base URL: /health, /ready, /metrics. */
  readonly opsUrl: string;
  /** Public URLs of the process's HTTP services (ingest, api), when it runs them. */
  readonly urls: Readonly<Record<string, string>>;
  readonly startedAt: number;
  readonly heartbeatAt: number;
  readonly ready: boolean;
}

export function newProcessId(pid = process.pid): string {
  return `${hostname()}-${pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface ProcessHeartbeat {
  /** Writes the record now (a state change should not wait for the next beat). */
  beat(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHeartbeat(redis: Redis, record: () => Omit<ProcessRecord, 'heartbeatAt'>, logger: Logger, now: () => number = Date.now): Promise<ProcessHeartbeat> {
  const beat = async () => {
    const at = now();
    const current = { ...record(), heartbeatAt: at };
    const members = await redis.zrangebyscore(PROCESS_SET_KEY, 0, at - PROCESS_TTL_MS);
    const pipeline = redis.multi().set(processKey(current.id), JSON.stringify(current), 'PX', PROCESS_TTL_MS).zadd(PROCESS_SET_KEY, at, current.id);
    // A member whose record expired is gone (SIGKILL, lost host): drop it from the set.
    for (const member of members) if (member !== current.id) pipeline.zrem(PROCESS_SET_KEY, member);
    await pipeline.exec();
  };
  await beat();
  const timer = setInterval(() => void beat().catch((error: unknown) => logger.warn({ err: error }, 'heartbeat failed')), HEARTBEAT_MS);
  timer.unref();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      const id = record().id;
      await redis.multi().del(processKey(id)).zrem(PROCESS_SET_KEY, id).exec();
    },
  };
}

/** Live processes: set members whose record has not expired. */
export async function listProcesses(redis: Redis): Promise<ProcessRecord[]> {
  const ids = await redis.zrange(PROCESS_SET_KEY, 0, -1);
  if (ids.length === 0) return [];
  const records = await redis.mget(ids.map(processKey));
  return records.flatMap((json) => (json ? [JSON.parse(json) as ProcessRecord] : []));
}
