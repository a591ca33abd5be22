import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '../../../services/contracts/types.generated.ts';
import { itemKeyOf } from '../../../services/dedupe/item-key.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { redisDedupeIndex, type RouterIndex } from '../../../services/router/redis-index-storage.ts';
import type { RegroupingStories } from '../../../services/router/regrouping-executor.ts';
import { carryOutRegroupings, startRegroupingSweep } from '../../../services/router/regrouping-executor.ts';
import { createRouter } from '../../../services/router/router-service.ts';
import { sampleCopy } from '../../../services/runtime/sample-copy.ts';
import { retriable } from '../../../services/shared/errors.ts';
import type { StoryClient } from '../../../workflows/story/story-client.ts';
import { runId } from '../../support/run-id.ts';
import { storyEvents } from '../../support/story-events.ts';
import { useStoryStack } from '../../support/story-stack.ts';

const namespace = runId('regroup');
let index: RouterIndex;

function submission(file: string, providerId: string): Submission {
  const item = sampleCopy().find((s) => s.file === file)!;
  const submissionId = runId('sub');
  const parsed = parseItem({ bytes: item.bytes, contentType: item.contentType, provider: { id: providerId, name: providerId }, submissionId, receivedAt: Date.UTC(2022, 0, 22, 15) });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const itemId = runId(file.slice(0, 2));
  const article = { ...parsed.article, providerItemId: itemId, uri: `storyline:item:${providerId}:${itemId}` };
  return { submissionId, receivedAt: Date.UTC(2022, 0, 22, 15), providerId, idempotencyKey: null, channel: 'http', contentType: item.contentType, raw: item.bytes, article };
}

/** The real story client, except that the first withdrawal fails as if Temporal were briefly unreachable. */
function failingOnceOnWithdraw(client: StoryClient): RegroupingStories {
  let failed = false;
  return {
    submit: (storyId, command) => client.submit(storyId, command),
    mergeInto: (storyId, command) => client.mergeInto(storyId, command),
    withdrawRelated: async (storyId, command) => {
      if (!failed) {
        failed = true;
        throw retriable('temporal_signal_failed', 'injected: Temporal unreachable');
      }
      await client.withdrawRelated(storyId, command);
    },
  };
}

describe('regroupings carried out on real stories (Redis index, Temporal, Kafka)', () => {
  const stack = useStoryStack('regroup-router');
  beforeAll(() => {
    index = redisDedupeIndex(stack.platform.redis, { namespace });
  });
  afterAll(async () => {
    const keys = await stack.platform.redis.keys(`dd:{${namespace}}:*`);
    if (keys.length > 0) await stack.platform.redis.del(...keys);
  });

  it('moves a related item to a new story once, even when carrying it out is interrupted, and merges a story away with no submission to carry it (the sweep)', async () => {
    const { platform, stories } = stack;
    const router = createRouter(platform, index, stories);
    const seed = submission('01-geneva-talks.txt', `wire-${namespace}`);
    const rewrite = submission('03-geneva-talks-rewrite.json', `other-${namespace}`);
    const marathon = submission('05-nairobi-marathon.txt', `wire-${namespace}`);
    const geneva = await router.route(seed);
    expect(await router.route(rewrite)).toMatchObject({ storyId: geneva.storyId, decision: 'same-event' });
    const nairobi = await router.route(marathon);
    expect(nairobi.decision).toBe('new-story');
    expect(await index.regroupings.pendingRegroupings()).toEqual([]);

    // The rewrite leaves the Geneva story for a story of its own.
    const rewriteKey = itemKeyOf(rewrite.article.provider.id, rewrite.article.providerItemId);
    const rewriteItem = { providerId: rewrite.article.provider.id, providerItemId: rewrite.article.providerItemId, providerVersion: 1 };
    const splitStory = `st-split-${namespace}`;
    const split = await index.regroupings.applyRegrouping({
      moves: [{ key: rewriteKey, item: rewriteItem, from: geneva.storyId, to: splitStory, opens: true, score: 0 }],
      merges: [],
      opened: [{ storyId: splitStory, opener: rewriteKey, openedAt: rewrite.article.versioncreated }],
    });
    const interrupted = failingOnceOnWithdraw(stories);
    await expect(carryOutRegroupings(index.regroupings, interrupted, 'test-router', platform.logger)).rejects.toThrow(/Temporal unreachable/);
    expect((await index.regroupings.pendingRegroupings()).map((p) => p.id)).toEqual([split.id]);
    await carryOutRegroupings(index.regroupings, interrupted, 'test-router', platform.logger);
    expect(await index.regroupings.pendingRegroupings()).toEqual([]);

    const left = await storyEvents(platform, geneva.storyId, (es) => es.some((e) => e.type === 'RelatedItemWithdrawn'));
    const withdrawn = left.filter((e) => e.type === 'RelatedItemWithdrawn');
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]!.payload).toMatchObject({ reason: 'REGROUPED', movedTo: splitStory, item: { providerItemId: rewriteItem.providerItemId } });
    const opened = await storyEvents(platform, splitStory, (es) => es.some((e) => e.type === 'VersionPublished'));
    expect(opened.filter((e) => e.type === 'StoryOpened')).toHaveLength(1);
    expect(opened.filter((e) => e.type === 'VersionAccepted')).toHaveLength(1);

    // The marathon story merges into the Geneva story: its item moves, the story is withdrawn pointing there.
    const marathonKey = itemKeyOf(marathon.article.provider.id, marathon.article.providerItemId);
    const marathonItem = { providerId: marathon.article.provider.id, providerItemId: marathon.article.providerItemId, providerVersion: 1 };
    await index.regroupings.applyRegrouping({
      moves: [{ key: marathonKey, item: marathonItem, from: nairobi.storyId, to: geneva.storyId, opens: false, score: 0.4, closest: { providerId: seed.article.provider.id, providerItemId: seed.article.providerItemId, providerVersion: 1 } }],
      merges: [{ storyId: nairobi.storyId, into: geneva.storyId }],
      opened: [],
    });
    // Nothing else is routed: the sweep carries it out.
    const sweep = startRegroupingSweep(index.regroupings, stories, 'test-router', platform.logger, 200);
    try {
      await expect.poll(() => index.regroupings.pendingRegroupings(), { timeout: 30_000, interval: 250 }).toEqual([]);
    } finally {
      sweep.stop();
    }
    const merged = await storyEvents(platform, nairobi.storyId, (es) => es.some((e) => e.type === 'StoryKilled'));
    expect(merged.find((e) => e.type === 'StoryKilled')!.payload).toMatchObject({ cause: 'MERGED', mergedInto: geneva.storyId, requestedBy: 'test-router' });
    const joined = await storyEvents(platform, geneva.storyId, (es) => es.some((e) => e.type === 'RelatedItemJoined' && (e.payload as { article: { providerItemId: string } }).article.providerItemId === marathonItem.providerItemId));
    expect(joined.filter((e) => e.type === 'RelatedItemJoined' && (e.payload as { article: { providerItemId: string } }).article.providerItemId === marathonItem.providerItemId)).toHaveLength(1);

    // A later version of the merged story's item is routed to the story it lives on in.
    const update = { ...marathon, submissionId: runId('sub'), article: { ...marathon.article, providerVersion: 2, version: '2' } };
    expect(await router.route(update)).toMatchObject({ storyId: geneva.storyId, decision: 'same-item' });
  });
});
