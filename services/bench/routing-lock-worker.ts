import { Redis } from 'ioredis';
import type { Submission } from '../contracts/types.generated.ts';
import { loadBackgroundStatistics } from '../dedupe/background-statistics.ts';
import { redisDedupeIndex, rehearsableDedupeIndex } from '../router/redis-index-storage.ts';
import type { RoutingIndex } from '../router/routing-index.ts';
import type { RegroupingStories } from '../router/regrouping-executor.ts';
import type { ReadCounts } from '../router/rehearsed-reads.ts';
import { createRouter, ROUTING_LOCK } from '../router/router-service.ts';
import { createRootLogger } from '../shared/logger.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { generateWireStream } from './wire-stream.ts';

/** What the parent (routing-lock-bench.ts) passes, as JSON in argv[2]. */
export interface RouterProcessTask {
  readonly redisUrl: string;
  readonly rehearse: boolean;
  readonly items: number;
  /** INCR'd by every router process to take the stream's next item */
  readonly cursorKey: string;
}

/** What one router process reports once the stream is routed: ms per item, and the rehearsals' read counts summed. */
export interface RouterProcessReport {
  readonly waits: number[];
  readonly holds: number[];
  readonly routes: number[];
  readonly reads: ReadCounts;
}

export type ParentMessage = { readonly type: 'go' };
export type WorkerMessage = { readonly type: 'ready' } | { readonly type: 'done'; readonly report: RouterProcessReport };

interface LockClock {
  waitingSince: number | null;
  acquiredAt: number | null;
  waits: number[];
  holds: number[];
}

const now = () => performance.now();

/**
 * A Redis client whose SET NX and release of the routing lock are timed: the first attempt starts the
 * wait, the successful SET ends it, the release script ends the hold. The router runs unmodified on it.
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

/** One router process: the production router over the Redis index, taking items off a shared cursor until the stream is routed. */
async function routeShare(task: RouterProcessTask, send: (message: WorkerMessage) => void, go: Promise<void>): Promise<void> {
  const { articles } = generateWireStream(task.items);
  const client = new Redis(task.redisUrl);
  const clock: LockClock = { waitingSince: null, acquiredAt: null, waits: [], holds: [] };
  const redis = timedLockClient(client, clock);
  const options = { backgroundStatistics: loadBackgroundStatistics() };
  const reads: ReadCounts = { reused: 0, refreshed: 0, fetched: 0 };
  const rehearsals: ReadCounts[] = [];
  // A router rehearses when it found the lock taken: that attempt does not start a wait, the next one does.
  const counted = (rehearsable: RoutingIndex): RoutingIndex => ({ ...rehearsable, rehearse: async () => {
    clock.waitingSince = null;
    const rehearsal = await rehearsable.rehearse();
    rehearsals.push(rehearsal.reads);
    return rehearsal;
  } });
  const index = task.rehearse ? counted(rehearsableDedupeIndex(redis, options)) : redisDedupeIndex(redis, options);
  // The router reads only the Redis client and the logger off the platform.
  const router = createRouter({ redis, logger: createRootLogger('silent', 2) } as unknown as Platform, index, noStories, { rehearse: task.rehearse });
  const routes: number[] = [];
  try {
    send({ type: 'ready' });
    await go;
    for (;;) {
      const n = (await client.incr(task.cursorKey)) - 1;
      const article = articles[n];
      if (!article) break;
      const began = now();
      await router.route({ submissionId: `lock-bench-${n}`, receivedAt: article.versioncreated, article } as unknown as Submission);
      routes.push(now() - began);
    }
    // Each rehearsal's counts are final once its routing returned.
    for (const counts of rehearsals) {
      reads.reused += counts.reused;
      reads.refreshed += counts.refreshed;
      reads.fetched += counts.fetched;
    }
    send({ type: 'done', report: { waits: clock.waits, holds: clock.holds, routes, reads } });
  } finally {
    await client.quit();
  }
}

if (process.send) {
  const task = JSON.parse(process.argv[2]!) as RouterProcessTask;
  const go = new Promise<void>((resolve) => process.once('message', (message: ParentMessage) => message.type === 'go' && resolve()));
  routeShare(task, (message) => process.send!(message), go)
    .then(() => process.disconnect())
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
