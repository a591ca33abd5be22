import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { RoutingCoordination } from '../router/router-service.ts';
import { summarize, type LatencySummary } from './open-loop.ts';
import type { BenchRow } from './measure.ts';
import type { ParentMessage, RouterProcessReport, RouterProcessTask, WorkerMessage } from './routing-lock-worker.ts';

const MARKER_KEY = 'bench:routing-lock:owner';
const CURSOR_KEY = 'bench:routing-lock:cursor';
const WORKER = fileURLToPath(new URL('./routing-lock-worker.ts', import.meta.url));

/** How the routers coordinate (`RoutingCoordination`); `rehearsed` only in runs saved before routing went lock-free. */
export type RoutingMode = RoutingCoordination | 'rehearsed';

export interface LockShare {
  readonly mode: RoutingMode;
  /** the stream routed: generated wire copy, or consecutive Reuters-21578 items (absent in runs saved before) */
  readonly stream?: string;
  readonly routers: number;
  readonly items: number;
  readonly itemsPerSecond: number;
  /** Per item, ms: from the first attempt to take the lock to holding it (locked runs; optimistic ones take no lock: 0). */
  readonly wait: LatencySummary & { readonly mean: number };
  /** Per item, ms: from taking the lock to releasing it. */
  readonly hold: LatencySummary & { readonly mean: number };
  /** Per item, ms: the router's whole `route`. */
  readonly route: LatencySummary & { readonly mean: number };
  /** Σ wait / Σ route. */
  readonly waitShare: number;
  /** Optimistic: routing steps run again per item because another router wrote what they read. */
  readonly conflictsPerItem?: number;
  /** Optimistic: Σ time of the steps refused / Σ route (the lock-free counterpart of `waitShare`). */
  readonly conflictShare?: number;
  /** CPU per item, ms: of the router processes together, and of Redis (its own counters); absent in runs saved before. */
  readonly cpuMsPerItem?: { readonly routers: number; readonly redis: number };
  /** Share of items routed as one router under the lock routed them (same decision, same story). */
  readonly sameDecisions?: number;
}

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Starts one router process and resolves once it is ready to route. */
function startRouterProcess(task: RouterProcessTask): Promise<{ child: ChildProcess; report: Promise<RouterProcessReport> }> {
  const child = fork(WORKER, [JSON.stringify(task)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolveReady, rejectReady) => {
    const report = new Promise<RouterProcessReport>((resolve, reject) => {
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolveReady({ child, report });
        else resolve(message.report);
      });
      child.once('exit', (code) => {
        const failed = new Error(`router process exited with ${code} before reporting`);
        rejectReady(failed);
        reject(failed);
      });
    });
    report.catch(() => undefined);
  });
}

/** CPU Redis has spent since it started (user + system, ms), from INFO. */
async function redisCpuMs(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

/** `routers` router processes route the stream together off one cursor, from a fresh index. */
async function routeWith(admin: Redis, redisUrl: string, stream: Stream, mode: RoutingCoordination, routers: number, items: number): Promise<{ share: LockShare; decisions: Map<number, string> }> {
  const task: RouterProcessTask = { redisUrl, coordination: mode, items, cursorKey: CURSOR_KEY, reutersDir: stream.reutersDir };
  const started = await Promise.all(Array.from({ length: routers }, () => startRouterProcess(task)));
  try {
    const start = performance.now();
    const redisCpuAtStart = await redisCpuMs(admin);
    for (const { child } of started) child.send({ type: 'go' } satisfies ParentMessage);
    const reports = await Promise.all(started.map((s) => s.report));
    const seconds = (performance.now() - start) / 1000;
    const redisCpu = (await redisCpuMs(admin)) - redisCpuAtStart;
    const waits = reports.flatMap((r) => r.waits);
    const holds = reports.flatMap((r) => r.holds);
    const routes = reports.flatMap((r) => r.routes);
    const share: LockShare = {
      mode,
      stream: stream.label,
      routers,
      items,
      itemsPerSecond: Math.round((items / seconds) * 10) / 10,
      wait: { ...summarize(waits), mean: mean(waits) },
      hold: { ...summarize(holds), mean: mean(holds) },
      route: { ...summarize(routes), mean: mean(routes) },
      waitShare: Math.round((sum(waits) / sum(routes)) * 1000) / 1000,
      conflictsPerItem: Math.round((sum(reports.map((r) => r.conflicts)) / items) * 1000) / 1000,
      conflictShare: Math.round((sum(reports.map((r) => r.lostMs)) / sum(routes)) * 1000) / 1000,
      cpuMsPerItem: { routers: Math.round((sum(reports.map((r) => r.cpuMs)) / items) * 10) / 10, redis: Math.round((redisCpu / items) * 10) / 10 },
    };
    return { share, decisions: new Map(reports.flatMap((r) => r.decisions)) };
  } finally {
    for (const { child } of started) if (child.exitCode === null) child.kill();
  }
}

/** Share of items whose decision (kind and story) is the reference's. */
function agreement(decisions: ReadonlyMap<number, string>, reference: ReadonlyMap<number, string>): number {
  let same = 0;
  for (const [n, decision] of reference) if (decisions.get(n) === decision) same++;
  return Math.round((same / Math.max(1, reference.size)) * 1000) / 1000;
}

/**
 * Routing throughput with 1, 2 and 4 router processes (the production router, each process with its
 * own Redis connection) over the same generated stream and a fresh index each time, in a Redis
 * database of the benchmark's own (empty or the benchmark's, flushed before each run and at the end).
 * Each count runs twice: under the global routing lock of earlier releases (the baseline: its wait
 * share and hold time) and lock-free (production: commits on the condition that nothing read changed,
 * with the steps run again per item), the two alternating which goes first so that drift weighs on
 * both. Every run's decisions are compared with one router under the lock, item by item. With the
 * shared data at hand, the same again over consecutive Reuters-21578 items, a real wire where most
 * items stand alone (the generated stream reports each event 4–12 times within minutes).
 */
interface Stream {
  readonly label: string;
  readonly reutersDir: string | null;
}

export async function routingLockBench(redisUrl: string, items: number, options: { routerCounts?: readonly number[]; reutersDir?: string } = {}): Promise<{ rows: BenchRow[]; shares: LockShare[] }> {
  const routerCounts = options.routerCounts ?? [1, 2, 4];
  const streams: Stream[] = [
    { label: 'generated wire', reutersDir: null },
    ...(options.reutersDir ? [{ label: 'Reuters-21578', reutersDir: options.reutersDir }] : []),
  ];
  const admin = new Redis(redisUrl);
  const runs: Array<{ share: LockShare; decisions: Map<number, string> }> = [];
  try {
    const keys = await admin.dbsize();
    if (keys > 0 && (await admin.exists(MARKER_KEY)) === 0) throw new Error(`${redisUrl} holds ${keys} keys that are not the benchmark's; choose an empty database`);
    for (const stream of streams) {
      for (const [i, routers] of routerCounts.entries()) {
        const modes: RoutingCoordination[] = i % 2 === 0 ? ['locked', 'optimistic'] : ['optimistic', 'locked'];
        for (const mode of modes) {
          await admin.flushdb();
          await admin.set(MARKER_KEY, 'routing-lock');
          runs.push(await routeWith(admin, redisUrl, stream, mode, routers, items));
        }
      }
    }
  } finally {
    await admin.flushdb().catch(() => undefined);
    await admin.quit();
  }
  const shares = streams.flatMap((stream) => {
    const own = runs.filter((r) => r.share.stream === stream.label);
    const reference = (own.find((r) => r.share.mode === 'locked' && r.share.routers === 1) ?? own.find((r) => r.share.mode === 'locked'))!.decisions;
    return own.map(({ share, decisions }) => ({ ...share, sameDecisions: agreement(decisions, reference) }));
  });
  const rows: BenchRow[] = streams.flatMap((stream) =>
    routerCounts.map((routers) => {
      const optimistic = shares.find((s) => s.stream === stream.label && s.routers === routers && s.mode === 'optimistic')!;
      const locked = shares.find((s) => s.stream === stream.label && s.routers === routers && s.mode === 'locked')!;
      return {
        name: `route ${stream.label} with ${routers} router process${routers > 1 ? 'es' : ''} (Redis index)`,
        ours: { label: 'lock-free (production)', value: optimistic.itemsPerSecond },
        baseline: { label: 'global routing lock', value: locked.itemsPerSecond },
        unit: 'items/s',
        note:
          `${items} items; lock-free: ${optimistic.conflictsPerItem} steps run again per item (${Math.round(optimistic.conflictShare! * 1000) / 10} % of routing time lost to them), route p50 ${optimistic.route.p50} ms, ` +
          `decisions as one router under the lock ${(optimistic.sameDecisions * 100).toFixed(1)} %; global lock: wait p50 ${locked.wait.p50} ms, hold p50 ${locked.hold.p50} ms, ` +
          `${Math.round(locked.waitShare * 1000) / 10} % of routing time waiting, decisions as one router ${(locked.sameDecisions * 100).toFixed(1)} %`,
      };
    }),
  );
  return { rows, shares };
}
