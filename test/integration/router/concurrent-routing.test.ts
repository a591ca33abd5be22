import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, Submission } from '../../../services/contracts/types.generated.ts';
import { redisDedupeIndex, rehearsableDedupeIndex } from '../../../services/router/redis-index-storage.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { CommitLog } from '../../../services/router/commit-log.ts';
import type { RoutingIndex } from '../../../services/router/routing-index.ts';
import { createRouter, ROUTING_LOCK } from '../../../services/router/router-service.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import type { RegroupingStories } from '../../../services/router/regrouping-executor.ts';
import { seedArticle } from '../../support/articles.ts';
import { retriable } from '../../../services/shared/errors.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';

const HEADLINE = 'Harbour crane collapse halts night shift at Port Kessel';
const BODY =
  'A container crane collapsed onto a moored freighter at Port Kessel late on Tuesday, halting the night ' +
  'shift and injuring four dock workers, the harbour authority said. Harbour master Alina Petrov said the ' +
  'crane, one of six on the eastern quay, buckled during a lift of refrigerated containers shortly before ' +
  'midnight. Two of the injured workers were taken to the Kessel General Hospital with broken bones. The ' +
  'authority suspended all lifts on the eastern quay pending an inspection by the state safety board.';
const EDITED = `${BODY} The freighter, the Nordic Tern, was not carrying hazardous cargo, Petrov added.`;

function article(providerId: string, itemId: string, body: string): Article {
  const base = seedArticle(providerId, itemId);
  return {
    ...base,
    headlines: [{ ...base.headlines[0]!, value: HEADLINE }],
    bodies: [{ ...base.bodies[0]!, value: body, charcount: body.length }],
    contentHash: createHash('sha256').update(body).digest('hex'),
  };
}

function submission(article: Article): Submission {
  return {
    submissionId: `sub-${article.providerItemId}`,
    receivedAt: article.versioncreated,
    providerId: article.provider.id,
    idempotencyKey: null,
    channel: 'cli',
    contentType: 'text/plain',
    raw: Buffer.from(article.bodies[0]!.value),
    article,
  };
}

/** Records what the router would signal to the story workflows. */
function recordingStories(): RegroupingStories & { calls: Array<{ storyId: string; kind: string }> } {
  const calls: Array<{ storyId: string; kind: string }> = [];
  const record = (storyId: string, kind: string): Promise<void> => {
    calls.push({ storyId, kind });
    return Promise.resolve();
  };
  return {
    calls,
    submit: (storyId, command) => record(storyId, command.routing.kind),
    withdrawRelated: (storyId) => record(storyId, 'withdraw-related'),
    mergeInto: (storyId) => record(storyId, 'merge'),
  };
}

describe('concurrent routing (real Redis)', () => {
  const ns = runId('dd-concurrent');
  const retryNs = runId('dd-retry');
  const rehearsalNs = runId('dd-rehearsal');
  const logNs = runId('dd-log');
  const orderNs = runId('dd-order');
  let platforms: Platform[] = [];

  beforeAll(async () => {
    // Two platforms: two router processes sharing one index and one routing lock.
    platforms = await Promise.all([testPlatform(), testPlatform()]);
  });
  afterAll(async () => {
    const keys = (await Promise.all([ns, retryNs, rehearsalNs, logNs, orderNs].map((n) => platforms[0]!.redis.keys(`dd:{${n}}:*`)))).flat();
    if (keys.length > 0) await platforms[0]!.redis.del(...keys);
    await Promise.all(platforms.map((p) => p.close()));
  });

  it('two near-duplicates routed at the same moment end in one story', async () => {
    const stories = recordingStories();
    const [a, b] = platforms.map((p) => createRouter(p, redisDedupeIndex(p.redis, { namespace: ns }), stories));
    const first = article('wire-kessel', runId('crane'), BODY);
    const second = article('wire-other', runId('crane'), EDITED);

    const results = await Promise.all([a!.route(submission(first)), b!.route(submission(second))]);

    expect(new Set(results.map((r) => r.storyId)).size).toBe(1);
    expect(results.map((r) => r.decision).sort()).toEqual(['near-duplicate', 'new-story']);
    expect(stories.calls).toHaveLength(2);
    expect(new Set(stories.calls.map((c) => c.storyId))).toEqual(new Set([results[0].storyId]));
  });

  it('routes the next submission while a signal is on its way, and keeps the signals to one story in routing order', async () => {
    const stories = recordingStories();
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let held = false;
    // The first story signal waits until the test releases it, as a slow Temporal would.
    const slow: RegroupingStories = {
      ...stories,
      submit: async (storyId, command) => {
        if (!held) {
          held = true;
          await firstHeld;
        }
        return stories.submit(storyId, command);
      },
    };
    const router = createRouter(platforms[0]!, redisDedupeIndex(platforms[0]!.redis, { namespace: orderNs }), slow);
    const opener = router.route(submission(article('wire-kessel', runId('crane'), BODY)));
    const joiner = router.route(submission(article('wire-other', runId('crane'), EDITED)));
    const unrelated = submission({ ...seedArticle('wire-third', runId('talks')) });
    const other = await router.route(unrelated);

    // The unrelated story's signal went out while the first was still held; the joiner waits behind the opener.
    expect(stories.calls).toEqual([{ storyId: other.storyId, kind: 'new-story' }]);
    releaseFirst();
    const [opened, joined] = await Promise.all([opener, joiner]);
    expect(joined.storyId).toBe(opened.storyId);
    expect(stories.calls.map((c) => c.kind)).toEqual(['new-story', 'new-story', 'near-duplicate']);
    expect(stories.calls.slice(1).map((c) => c.storyId)).toEqual([opened.storyId, opened.storyId]);
  });

  it('a handler retried after the story signal failed sends the decision it made, not same-item', async () => {
    const stories = recordingStories();
    let failNext = false;
    const flaky: RegroupingStories = {
      ...stories,
      submit: (storyId, command) => {
        if (!failNext) return stories.submit(storyId, command);
        failNext = false;
        return Promise.reject(retriable('temporal_unavailable', 'the story signal failed'));
      },
    };
    const router = createRouter(platforms[0]!, redisDedupeIndex(platforms[0]!.redis, { namespace: retryNs }), flaky);
    const first = article('wire-kessel', runId('crane'), BODY);
    const other = submission(article('wire-other', runId('crane'), EDITED));
    await router.route(submission(first));
    failNext = true;
    await expect(router.route(other)).rejects.toThrow('the story signal failed');
    const retried = await router.route(other);

    expect(retried.decision).toBe('near-duplicate');
    expect(stories.calls.map((c) => c.kind)).toEqual(['new-story', 'near-duplicate']);
  });

  it('a router that rehearsed while another held the lock decides under it with what the other indexed meanwhile', async () => {
    const stories = recordingStories();
    const [holder, waiter] = platforms;
    const index = rehearsableDedupeIndex(waiter!.redis, { namespace: rehearsalNs });
    let rehearsedCandidates: number | null = null;
    let rehearsed!: () => void;
    const rehearsalDone = new Promise<void>((resolve) => (rehearsed = resolve));
    // The waiting router's index, telling when its rehearsal looked the item up and what it found.
    const watched: RoutingIndex = {
      ...index,
      rehearse: async () => {
        const rehearsal = await index.rehearse();
        const lookup = rehearsal.index.candidates.lookup.bind(rehearsal.index.candidates);
        rehearsal.index.candidates.lookup = async (fp) => {
          const found = await lookup(fp);
          rehearsedCandidates = found.candidates.length;
          rehearsed();
          return found;
        };
        return rehearsal;
      },
    };
    const first = article('wire-kessel', runId('crane'), BODY);
    const second = article('wire-other', runId('crane'), EDITED);
    // Another router holds the lock: this one finds it taken, rehearses, then waits.
    const token = 'held-by-the-test';
    expect(await holder!.redis.set(ROUTING_LOCK, token, 'PX', 30_000, 'NX')).toBe('OK');
    const waiting = createRouter(waiter!, watched, stories, { rehearse: true }).route(submission(second));
    await rehearsalDone;
    const opened = await routeArticle(first, rehearsableDedupeIndex(holder!.redis, { namespace: rehearsalNs }), { submissionId: `sub-${first.providerItemId}`, receivedAt: first.versioncreated });
    await holder!.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`, 1, ROUTING_LOCK, token);
    const routed = await waiting;

    expect(rehearsedCandidates).toBe(0);
    expect(opened.decision.kind).toBe('new-story');
    expect(routed).toEqual({ storyId: opened.storyId, decision: 'near-duplicate' });
    expect(stories.calls).toEqual([{ storyId: opened.storyId, kind: 'near-duplicate' }]);
  });

  it('the commit log says which keys were written since a position, and that it cannot once it has dropped them', async () => {
    const redis = platforms[0]!.redis;
    const log = new CommitLog(redis, logNs, 2);
    const commit = async (keys: string[]) => {
      const tx = redis.multi();
      log.appendTo(tx, keys);
      await tx.exec();
    };
    const start = await log.position();
    await commit(['a', 'b']);
    const middle = await log.position();
    await commit(['c']);

    expect(await log.writtenSince(await log.position())).toEqual({ kind: 'keys', keys: new Set() });
    expect(await log.writtenSince(middle)).toEqual({ kind: 'keys', keys: new Set(['c']) });
    expect(await log.writtenSince(start)).toEqual({ kind: 'keys', keys: new Set(['a', 'b', 'c']) });
    await commit(['d']);
    expect(await log.writtenSince(start)).toEqual({ kind: 'unknown' });
  });
});
