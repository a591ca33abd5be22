import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { ReadCounts } from '../router/rehearsed-reads.ts';
import { summarize, type LatencySummary } from './open-loop.ts';
import type { BenchRow } from './measure.ts';
import type { ParentMessage, RouterProcessReport, RouterProcessTask, WorkerMessage } from './routing-lock-worker.ts';

const MARKER_KEY = 'bench:routing-lock:owner';
const CURSOR_KEY = 'bench:routing-lock:cursor';
const WORKER = fileURLToPath(new URL('./routing-lock-worker.ts', import.meta.url));

/** `locked`: every read of a routing under the lock (production); `rehearsed`: a router waiting for the lock rehearses the lookup meanwhile. */
export type RoutingMode = 'locked' | 'rehearsed';

export interface LockShare {
  readonly mode: RoutingMode;
  readonly routers: number;
  readonly items: number;
  readonly itemsPerSecond: number;
  /** Per item, ms: from the first attempt to take the lock to holding it (rehearsed: from the first attempt after the rehearsal). */
  readonly wait: LatencySummary & { readonly mean: number };
  /** Per item, ms: from taking the lock to releasing it. */
  readonly hold: LatencySummary & { readonly mean: number };
  /** Per item, ms: the router's whole `route` (rehearsal, lock wait, hold). */
  readonly route: LatencySummary & { readonly mean: number };
  /** Σ wait / Σ route. */
  readonly waitShare: number;
  /** Rehearsed, per item: index reads under the lock served by the rehearsal's values, values refreshed in one round trip, reads fetched on their own. */
  readonly readsUnderLock: ReadCounts | null;
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

/** `routers` router processes route the stream together off one cursor, from a fresh index. */
async function routeWith(redisUrl: string, mode: RoutingMode, routers: number, items: number): Promise<LockShare> {
  const task: RouterProcessTask = { redisUrl, rehearse: mode === 'rehearsed', items, cursorKey: CURSOR_KEY };
  const started = await Promise.all(Array.from({ length: routers }, () => startRouterProcess(task)));
  try {
    const start = performance.now();
    for (const { child } of started) child.send({ type: 'go' } satisfies ParentMessage);
    const reports = await Promise.all(started.map((s) => s.report));
    const seconds = (performance.now() - start) / 1000;
    const waits = reports.flatMap((r) => r.waits);
    const holds = reports.flatMap((r) => r.holds);
    const routes = reports.flatMap((r) => r.routes);
    const perItem = (count: (c: ReadCounts) => number) => Math.round((sum(reports.map((r) => count(r.reads))) / items) * 10) / 10;
    return {
      mode,
      routers,
      items,
      itemsPerSecond: Math.round((items / seconds) * 10) / 10,
      wait: { ...summarize(waits), mean: mean(waits) },
      hold: { ...summarize(holds), mean: mean(holds) },
      route: { ...summarize(routes), mean: mean(routes) },
      waitShare: Math.round((sum(waits) / sum(routes)) * 1000) / 1000,
      readsUnderLock: mode === 'rehearsed' ? { reused: perItem((c) => c.reused), refreshed: perItem((c) => c.refreshed), fetched: perItem((c) => c.fetched) } : null,
    };
  } finally {
    for (const { child } of started) if (child.exitCode === null) child.kill();
  }
}

/**
 * The share of routing time spent waiting for the global routing lock, and the hold time per item,
 * with 1, 2 and 4 router processes (the production router, each process with its own Redis
 * connection), over the same generated stream and a fresh index each time, in a Redis database of the
 * benchmark's own (empty or the benchmark's, flushed before each run and at the end). Each count runs
 * twice, with every read under the lock (production, the baseline) and with the candidate lookup
 * rehearsed outside it (`rehearse: true`), the two alternating which goes first so that drift weighs on both.
 */
export async function routingLockBench(redisUrl: string, items: number, routerCounts: readonly number[] = [1, 2, 4]): Promise<{ rows: BenchRow[]; shares: LockShare[] }> {
  const admin = new Redis(redisUrl);
  const shares: LockShare[] = [];
  try {
    const keys = await admin.dbsize();
    if (keys > 0 && (await admin.exists(MARKER_KEY)) === 0) throw new Error(`${redisUrl} holds ${keys} keys that are not the benchmark's; choose an empty database`);
    for (const [i, routers] of routerCounts.entries()) {
      const modes: RoutingMode[] = i % 2 === 0 ? ['locked', 'rehearsed'] : ['rehearsed', 'locked'];
      for (const mode of modes) {
        await admin.flushdb();
        await admin.set(MARKER_KEY, 'routing-lock');
        shares.push(await routeWith(redisUrl, mode, routers, items));
      }
    }
  } finally {
    await admin.flushdb().catch(() => undefined);
    await admin.quit();
  }
  const described = (s: LockShare) =>
    `lock wait p50 ${s.wait.p50} ms (mean ${s.wait.mean}), hold p50 ${s.hold.p50} ms (mean ${s.hold.mean}), ${Math.round(s.waitShare * 1000) / 10} % of routing time waiting for the lock`;
  const rows: BenchRow[] = routerCounts.map((routers) => {
    const rehearsed = shares.find((s) => s.routers === routers && s.mode === 'rehearsed')!;
    const locked = shares.find((s) => s.routers === routers && s.mode === 'locked')!;
    const reads = rehearsed.readsUnderLock!;
    return {
      name: `route with ${routers} router process${routers > 1 ? 'es' : ''} (Redis index)`,
      ours: { label: 'lookup rehearsed (opt-in)', value: rehearsed.itemsPerSecond },
      baseline: { label: 'production: all under the lock', value: locked.itemsPerSecond },
      unit: 'items/s',
      note: `${items} generated items; rehearsed: ${described(rehearsed)}; per item under the lock ${reads.reused} reads served by the rehearsal (${reads.refreshed} values refreshed in one round trip), ${reads.fetched} fetched on their own; every read under the lock: ${described(locked)}`,
    };
  });
  return { rows, shares };
}
