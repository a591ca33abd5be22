import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, dumpPrefix, firstDifference, generateStoryEvents } from '../../../services/bench/rebuild-bench.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { projectionKeys } from '../../../services/publish/index-keys.ts';
import { RedisProjection, type PositionedEvent } from '../../../services/publish/redis-projection.ts';
import { StoryReadModel } from '../../../services/publish/story-read-model.ts';
import { applyEvent, initialView } from '../../../services/publish/story-view.ts';
import { sampleArticles } from '../../../services/runtime/sample-copy.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform } from '../../support/platform.ts';

let platform: Platform;
const prefix = () => `sl:pbatch-${randomBytes(3).toString('hex')}:`;

describe('the Redis projection applying a consumed batch at once (real Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => platform?.close());

  it('leaves exactly what applying the events one by one leaves, with batches that split stories and a redelivered batch', async () => {
    // 60 stories: versions, updates, corrections and kills, as the domain decides them.
    const events = generateStoryEvents(sampleArticles(parseItem), 60);
    const positioned: PositionedEvent[] = events.map((event, i) => ({ event, position: { partition: i % 3, offset: String(i) } }));
    const oneByOne = prefix();
    const batched = prefix();
    try {
      const reference = new RedisProjection(platform.redis, { target: { kind: 'fixed', prefix: oneByOne }, appendFeed: false });
      for (const { event, position } of positioned) await reference.apply(event, position);

      // Chunks of 7 stories: a batch goes to Redis as several pipelines while the rest is folded.
      const projection = new RedisProjection(platform.redis, { target: { kind: 'fixed', prefix: batched }, appendFeed: false, writeChunk: 7 });
      let applied = 0;
      // 37 does not divide a story's events: many stories are split across two batches.
      for (let i = 0; i < positioned.length; i += 37) applied += await projection.applyBatch(positioned.slice(i, i + 37));
      expect(applied).toBe(events.length);
      expect(await projection.applyBatch(positioned.slice(0, 74))).toBe(0);

      const [expected, actual] = await Promise.all([dumpPrefix(platform.redis, oneByOne), dumpPrefix(platform.redis, batched)]);
      expect(actual.size).toBeGreaterThan(60);
      expect([...actual.keys()].some((key) => key.includes(':versions'))).toBe(true);
      expect(firstDifference(expected, actual)).toBeNull();
    } finally {
      await dropPrefix(platform.redis, oneByOne);
      await dropPrefix(platform.redis, batched);
    }
  });

  it('keeps serving and updating a story whose view was stored in the format before (every article inline)', async () => {
    const story = generateStoryEvents(sampleArticles(parseItem), 4).filter((e) => e.storyId === 'bench-3');
    const positioned: PositionedEvent[] = story.map((event, i) => ({ event, position: { partition: 0, offset: String(i) } }));
    const upgraded = prefix();
    const fresh = prefix();
    const storyKey = (p: string) => projectionKeys(p).story('bench-3');
    try {
      const before = positioned.slice(0, 7);
      const old = new RedisProjection(platform.redis, { target: { kind: 'fixed', prefix: upgraded }, appendFeed: false });
      for (const { event, position } of before) await old.apply(event, position);
      // The view as the projection wrote it before: JSON of the whole view, the latest version with what it changed.
      let view = initialView('bench-3');
      let changes: unknown = null;
      for (const { event } of before) {
        const applied = applyEvent(view, event);
        view = applied.view;
        if (applied.change?.kind === 'published') changes = applied.change.version.changes;
      }
      const oldFormat = JSON.stringify({ ...view, published: view.published && { ...view.published, latest: { ...view.published.latest, changes } } });
      expect(oldFormat.split('"bodies"').length - 1).toBe(2);
      await platform.redis.hset(storyKey(upgraded), 'view', oldFormat);

      const read = new StoryReadModel(platform.redis, { kind: 'fixed', prefix: upgraded });
      expect(await read.story('bench-3')).toMatchObject({ kind: 'published', story: { version: 2 } });
      expect(await old.applyBatch(positioned.slice(7))).toBe(positioned.length - 7);

      const reference = new RedisProjection(platform.redis, { target: { kind: 'fixed', prefix: fresh }, appendFeed: false });
      for (const { event, position } of positioned) await reference.apply(event, position);
      const [expected, actual] = await Promise.all([dumpPrefix(platform.redis, fresh), dumpPrefix(platform.redis, upgraded)]);
      expect(firstDifference(expected, actual)).toBeNull();
      expect(await read.story('bench-3')).toMatchObject({ kind: 'published', story: { version: 3 } });
    } finally {
      await dropPrefix(platform.redis, upgraded);
      await dropPrefix(platform.redis, fresh);
    }
  });
});
