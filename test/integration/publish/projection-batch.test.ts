import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, dumpPrefix, firstDifference, generateStoryEvents } from '../../../services/bench/rebuild-bench.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { RedisProjection, type PositionedEvent } from '../../../services/publish/redis-projection.ts';
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

      const projection = new RedisProjection(platform.redis, { target: { kind: 'fixed', prefix: batched }, appendFeed: false });
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
});
