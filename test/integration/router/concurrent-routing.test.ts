import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, Submission } from '../../../services/contracts/types.generated.ts';
import { redisDedupeIndex } from '../../../services/router/redis-index-storage.ts';
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
  let platforms: Platform[] = [];

  beforeAll(async () => {
    // Two platforms: two router processes sharing one index and one routing lock.
    platforms = await Promise.all([testPlatform(), testPlatform()]);
  });
  afterAll(async () => {
    const keys = [...(await platforms[0]!.redis.keys(`dd:{${ns}}:*`)), ...(await platforms[0]!.redis.keys(`dd:{${retryNs}}:*`))];
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
});
