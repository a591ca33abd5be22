import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, Submission } from '../../../services/contracts/types.generated.ts';
import { redisDedupeIndex, type RouterIndex } from '../../../services/router/redis-index-storage.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { IndexCommits } from '../../../services/router/index-commit.ts';
import { createRouter } from '../../../services/router/router-service.ts';
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
  const stepNs = runId('dd-step');
  const logNs = runId('dd-log');
  const orderNs = runId('dd-order');
  let platforms: Platform[] = [];

  beforeAll(async () => {
    // Two platforms: two router processes sharing one index.
    platforms = await Promise.all([testPlatform(), testPlatform()]);
  });
  afterAll(async () => {
    const keys = (await Promise.all([ns, retryNs, stepNs, logNs, orderNs].map((n) => platforms[0]!.redis.keys(`dd:{${n}}:*`)))).flat();
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

  it('a routing step that read what another router committed meanwhile runs again and decides with it', async () => {
    const stories = recordingStories();
    const [other, router] = platforms;
    const index = redisDedupeIndex(router!.redis, { namespace: stepNs });
    let steps = 0;
    let looked!: () => void;
    const lookedUp = new Promise<void>((resolve) => (looked = resolve));
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    // The router's first step stops after its lookup (which finds nothing) until the test lets it go on.
    const watched: RouterIndex = {
      ...index,
      step: async () => {
        const step = await index.step();
        if (++steps === 1) {
          const lookup = step.candidates.lookup.bind(step.candidates);
          step.candidates.lookup = async (fp) => {
            const found = await lookup(fp);
            expect(found.candidates).toHaveLength(0);
            looked();
            await resumed;
            return found;
          };
        }
        return step;
      },
    };
    const first = article('wire-kessel', runId('crane'), BODY);
    const second = article('wire-other', runId('crane'), EDITED);
    const routing = createRouter(router!, watched, stories).route(submission(second));
    await lookedUp;
    // Meanwhile another router files the original: the first step's commit must not open a second story.
    const opened = await routeArticle(first, redisDedupeIndex(other!.redis, { namespace: stepNs }), { submissionId: `sub-${first.providerItemId}`, receivedAt: first.versioncreated });
    resume();
    const routed = await routing;

    expect(opened.decision.kind).toBe('new-story');
    expect(steps).toBe(2);
    expect(routed).toEqual({ storyId: opened.storyId, decision: 'near-duplicate' });
    expect(stories.calls).toEqual([{ storyId: opened.storyId, kind: 'near-duplicate' }]);
  });

  it('a conditional commit applies when nothing it read was written since its position, and is refused otherwise or once the log no longer reaches back', async () => {
    const redis = platforms[0]!.redis;
    const commits = new IndexCommits(redis, logNs, 2);
    const key = (name: string) => `dd:{${logNs}}:${name}`;
    const set = (name: string, value: unknown) => ({ op: 'set' as const, key: key(name), value, ttlMs: 60_000 });
    const read = (position: number, ...names: string[]) => ({ position, readKeys: names.map(key), groupKeys: [], quorum: 1 });
    const start = await commits.position();
    await commits.commit([set('a', 1)]);

    await expect(commits.commit([set('b', 2)], read(start, 'c'))).resolves.toBe(start + 2);
    await expect(commits.commit([set('c', 3)], read(start, 'a'))).rejects.toMatchObject({ name: 'CommitConflict', key: key('a') });
    expect(await redis.get(key('c'))).toBeNull();
    // Two commits since the start: the log of two still holds them; a third pushes the first out.
    await commits.commit([set('d', 4)]);
    await expect(commits.commit([set('c', 3)], read(start, 'z'))).rejects.toMatchObject({ name: 'CommitConflict', key: '' });
    await expect(commits.commit([set('c', 3)], read(await commits.position(), 'a', 'b'))).resolves.toBe(start + 4);
  });

  it('keys read as a group conflict only when one commit wrote the quorum of them', async () => {
    const redis = platforms[0]!.redis;
    const commits = new IndexCommits(redis, logNs);
    const key = (name: string) => `dd:{${logNs}}:${name}`;
    const add = (...names: string[]) => names.map((name) => ({ op: 'sorted-add' as const, key: key(name), member: 'item', score: 1 }));
    const terms = (position: number) => ({ position, readKeys: [], groupKeys: [key('term:quake'), key('term:chile'), key('term:tsunami')], quorum: 2 });
    const start = await commits.position();
    await commits.commit(add('term:quake'));
    await commits.commit(add('term:chile', 'term:wine'));

    await expect(commits.commit(add('term:own'), terms(start))).resolves.toBe(start + 3);
    await commits.commit(add('term:quake', 'term:tsunami'));
    await expect(commits.commit(add('term:own'), terms(start))).rejects.toMatchObject({ name: 'CommitConflict', key: key('term:tsunami') });
  });

  it('the index clock written by two commits keeps the later time, whichever commits last', async () => {
    const redis = platforms[0]!.redis;
    const commits = new IndexCommits(redis, logNs);
    const clock = `dd:{${logNs}}:clock`;
    await commits.commit([{ op: 'set-max', key: clock, value: 2_000, ttlMs: 60_000 }]);
    await commits.commit([{ op: 'set-max', key: clock, value: 1_000, ttlMs: 60_000 }]);
    expect(JSON.parse((await redis.get(clock))!)).toBe(2_000);
    await commits.commit([{ op: 'set-max', key: clock, value: 3_000, ttlMs: 60_000 }]);
    expect(JSON.parse((await redis.get(clock))!)).toBe(3_000);
  });
});
