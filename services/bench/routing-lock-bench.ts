import { Redis } from 'ioredis';
import type { Submission } from '../contracts/types.generated.ts';
import { loadBackgroundStatistics } from '../dedupe/background-statistics.ts';
import type { DedupeArticle } from '../dedupe/fingerprint.ts';
import { redisDedupeIndex } from '../router/redis-index-storage.ts';
import type { RegroupingStories } from '../router/regrouping-executor.ts';
import { createRouter } from '../router/router-service.ts';
import { createRootLogger } from '../shared/logger.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { summarize, type LatencySummary } from './open-loop.ts';
import type { BenchRow } from './measure.ts';

/** The router's global lock (router-service.ts): observed from outside, on the Redis client, so the router runs unmodified. */
const ROUTING_LOCK = 'dd:{idx}:lock';
const MARKER_KEY = 'bench:routing-lock:owner';

export interface LockShare {
  readonly routers: number;
  readonly items: number;
  readonly itemsPerSecond: number;
  /** Per item, ms: from the first attempt to take the lock to holding it. */
  readonly wait: LatencySummary & { readonly mean: number };
  /** Per item, ms: from taking the lock to releasing it (lookup-then-add in the Redis index). */
  readonly hold: LatencySummary & { readonly mean: number };
  /** Per item, ms: the router's whole `route` (lock wait + hold + what it does outside the lock). */
  readonly route: LatencySummary & { readonly mean: number };
  /** Σ wait / Σ route. */
  readonly waitShare: number;
}

interface LockClock {
  waitingSince: number | null;
  acquiredAt: number | null;
  waits: number[];
  holds: number[];
}

const now = () => performance.now();
const mean = (values: readonly number[]) => (values.length === 0 ? 0 : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100);

/**
 * A Redis client whose SET NX and release of the routing lock are timed: the first attempt starts the
 * wait, the successful SET ends it, the release script ends the hold. One client per router instance
 * (as one per process), each routing one item at a time.
 */
function timedLockClient(redis: Redis, clock: LockClock): Redis {
  return new Proxy(redis, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'set') {
        return async (...args: unknown[]) => {
          if (args[0] !== ROUTING_LOCK) return (value as (...a: unknown[]) => unknown).apply(target, args);
          clock.waitingSince ??= now();
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (result === 'OK') {
            clock.acquiredAt = now();
            clock.waits.push(clock.acquiredAt - clock.waitingSince);
            clock.waitingSince = null;
          }
          return result;
        };
      }
      if (property === 'eval') {
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (args[2] === ROUTING_LOCK && clock.acquiredAt !== null) {
            clock.holds.push(now() - clock.acquiredAt);
            clock.acquiredAt = null;
          }
          return result;
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/** Story signals are not sent: the stories stub answers at once, so the share is of routing work alone (an upper bound of the real share). */
const noStories: RegroupingStories = { submit: () => Promise.resolve(), withdrawRelated: () => Promise.resolve(), mergeInto: () => Promise.resolve() };

async function routeWith(redisUrl: string, routers: number, articles: readonly DedupeArticle[]): Promise<LockShare> {
  const logger = createRootLogger('silent', 2);
  const statistics = loadBackgroundStatistics();
  const clients = Array.from({ length: routers }, () => new Redis(redisUrl));
  const clocks: LockClock[] = clients.map(() => ({ waitingSince: null, acquiredAt: null, waits: [], holds: [] }));
  const routes: number[] = [];
  try {
    let next = 0;
    const start = now();
    await Promise.all(
      clients.map(async (client, i) => {
        const redis = timedLockClient(client, clocks[i]!);
        // The router reads only the Redis client and the logger off the platform.
        const router = createRouter({ redis, logger } as unknown as Platform, redisDedupeIndex(redis, { backgroundStatistics: statistics }), noStories);
        for (;;) {
          const n = next++;
          const article = articles[n];
          if (!article) return;
          const began = now();
          await router.route({ submissionId: `lock-bench-${n}`, receivedAt: article.versioncreated, article } as unknown as Submission);
          routes.push(now() - began);
        }
      }),
    );
    const seconds = (now() - start) / 1000;
    const waits = clocks.flatMap((c) => c.waits);
    const holds = clocks.flatMap((c) => c.holds);
    const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
    return {
      routers,
      items: articles.length,
      itemsPerSecond: Math.round((articles.length / seconds) * 10) / 10,
      wait: { ...summarize(waits), mean: mean(waits) },
      hold: { ...summarize(holds), mean: mean(holds) },
      route: { ...summarize(routes), mean: mean(routes) },
      waitShare: Math.round((sum(waits) / sum(routes)) * 1000) / 1000,
    };
  } finally {
    await Promise.all(clients.map((c) => c.quit()));
  }
}

/**
 * The share of routing time spent waiting for the global routing lock, and the hold time per item,
 * with 1, 2 and 4 router instances in process, each with its own Redis connection (as processes
 * would have), over the same generated stream and a fresh index each time, in a Redis database of
 * the benchmark's own (empty or the benchmark's, flushed before each run and at the end).
 */
export async function routingLockBench(redisUrl: string, articles: readonly DedupeArticle[], routerCounts: readonly number[] = [1, 2, 4]): Promise<{ rows: BenchRow[]; shares: LockShare[] }> {
  const admin = new Redis(redisUrl);
  const shares: LockShare[] = [];
  try {
    const keys = await admin.dbsize();
    if (keys > 0 && (await admin.exists(MARKER_KEY)) === 0) throw new Error(`${redisUrl} holds ${keys} keys that are not the benchmark's; choose an empty database`);
    for (const routers of routerCounts) {
      await admin.flushdb();
      await admin.set(MARKER_KEY, 'routing-lock');
      shares.push(await routeWith(redisUrl, routers, articles));
    }
  } finally {
    await admin.flushdb().catch(() => undefined);
    await admin.quit();
  }
  const one = shares.find((s) => s.routers === 1) ?? shares[0]!;
  const rows: BenchRow[] = shares.map((s) => ({
    name: `route with ${s.routers} router${s.routers > 1 ? 's' : ''} (Redis index)`,
    ours: { label: `${s.routers} concurrent routers`, value: s.itemsPerSecond },
    baseline: { label: '1 router', value: one.itemsPerSecond },
    unit: 'items/s',
    note: `${s.items} generated items; lock wait p50 ${s.wait.p50} ms (mean ${s.wait.mean}), hold p50 ${s.hold.p50} ms (mean ${s.hold.mean}), ${Math.round(s.waitShare * 1000) / 10} % of routing time waiting for the lock`,
  }));
  return { rows, shares };
}
