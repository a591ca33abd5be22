import { Redis } from 'ioredis';
import type { Submission } from '../contracts/types.generated.ts';
import { loadBackgroundStatistics } from '../dedupe/background-statistics.ts';
import { redisDedupeIndex } from '../router/redis-index-storage.ts';
import type { RegroupingStories } from '../router/regrouping-executor.ts';
import { createRouter, ROUTING_LOCK, type RoutingCoordination } from '../router/router-service.ts';
import { createRootLogger } from '../shared/logger.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { generateWireStream } from './wire-stream.ts';
import { readReuters } from '../eval/dedupe/reuters-reader.ts';
import type { DedupeArticle } from '../dedupe/fingerprint.ts';

/** What the parent (routing-lock-bench.ts) passes, as JSON in argv[2]. */
export interface RouterProcessTask {
  readonly redisUrl: string;
  readonly coordination: RoutingCoordination;
  readonly items: number;
  /** the Reuters-21578 folder (its items in time order, from the middle of the timeline), or null: the generated wire stream */
  readonly reutersDir: string | null;
  /** INCR'd by every router process to take the stream's next item */
  readonly cursorKey: string;
}

/** What one router process reports once the stream is routed: ms per item, steps run again, and each item's decision. */
export interface RouterProcessReport {
  readonly waits: number[];
  readonly holds: number[];
  readonly routes: number[];
  /** routing steps that conflicted with another router's commit and ran again */
  readonly conflicts: number;
  /** ms those steps had taken before their commit was refused */
  readonly lostMs: number;
  /** CPU the process spent (user + system, ms) from the start signal to the end of the stream */
  readonly cpuMs: number;
  /** [item number, `decision kind:story id`] */
  readonly decisions: Array<[number, string]>;
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

/** `count` consecutive Reuters-21578 items in time order, from the middle of the timeline (where the index is not cold). */
async function reutersStream(dir: string, count: number): Promise<DedupeArticle[]> {
  const documents = (await readReuters(dir)).filter((d) => d.title.length > 0 && d.body.length > 0);
  documents.sort((a, b) => a.article.versioncreated - b.article.versioncreated || a.newId - b.newId);
  const from = Math.max(0, Math.floor(documents.length / 2) - Math.floor(count / 2));
  return documents.slice(from, from + count).map((d) => d.article);
}

/** One router process: the production router over the Redis index, taking items off a shared cursor until the stream is routed. */
async function routeShare(task: RouterProcessTask, send: (message: WorkerMessage) => void, go: Promise<void>): Promise<void> {
  const articles = task.reutersDir ? await reutersStream(task.reutersDir, task.items) : generateWireStream(task.items).articles;
  const client = new Redis(task.redisUrl);
  const clock: LockClock = { waitingSince: null, acquiredAt: null, waits: [], holds: [] };
  const redis = timedLockClient(client, clock);
  const options = { backgroundStatistics: loadBackgroundStatistics() };
  let conflicts = 0;
  let lost = 0;
  // The router reads only the Redis client and the logger off the platform.
  const router = createRouter({ redis, logger: createRootLogger('silent', 2) } as unknown as Platform, redisDedupeIndex(redis, options), noStories, {
    coordination: task.coordination,
    onConflict: (_conflict, lostMs) => {
      conflicts++;
      lost += lostMs;
    },
  });
  const routes: number[] = [];
  const decisions: Array<[number, string]> = [];
  try {
    send({ type: 'ready' });
    await go;
    const cpuAtStart = process.cpuUsage();
    for (;;) {
      const n = (await client.incr(task.cursorKey)) - 1;
      const article = articles[n];
      if (!article) break;
      const began = now();
      const routed = await router.route({ submissionId: `lock-bench-${n}`, receivedAt: article.versioncreated, article } as unknown as Submission);
      routes.push(now() - began);
      decisions.push([n, `${routed.decision}:${routed.storyId}`]);
    }
    const cpu = process.cpuUsage(cpuAtStart);
    send({ type: 'done', report: { waits: clock.waits, holds: clock.holds, routes, conflicts, lostMs: lost, cpuMs: (cpu.user + cpu.system) / 1000, decisions } });
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
