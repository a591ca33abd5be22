import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStoryEvents } from '../../../services/domain/story/index.ts';
import { RedisProjection } from '../../../services/publish/redis-projection.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { openedWith } from '../../unit/domain/story-event-builders.ts';
import { testPlatform } from '../../support/platform.ts';
import { liveProjectionKeys } from '../../support/live-projection.ts';
import { runId } from '../../support/run-id.ts';
import { article } from './support.ts';

let platform: Platform;

describe('the Redis projection when an index write fails (real Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => platform?.close());

  it('keeps the pending index operations and applies them on redelivery instead of losing them', async () => {
    const storyId = runId('story');
    const provider = runId('idx-wire');
    const now = Date.now();
    const events = recordStoryEvents(openedWith('sig-1', article(provider, runId('item'), 1)), { storyId, afterSequence: 0, occurredAt: now, recordedAt: now, causationId: 'cause', correlationId: null, producer: 'test' });
    const projection = new RedisProjection(platform.redis);
    const keys = await liveProjectionKeys(platform.redis);
    const providerIndex = keys.facetIndex('provider', provider);
    // A key of the wrong type makes ZADD fail inside the index pipeline while the other commands succeed.
    await platform.redis.set(providerIndex, 'not a sorted set');
    let failure: unknown;
    for (const [i, event] of events.entries()) {
      try {
        await projection.apply(event, { partition: 0, offset: String(i) });
      } catch (error) {
        failure = error;
        break;
      }
    }
    expect(failure).toMatchObject({ code: 'projection_index_failed' });
    expect(await platform.redis.hget(keys.story(storyId), 'pending')).toBeTruthy();

    await platform.redis.del(providerIndex);
    for (const [i, event] of events.entries()) await projection.apply(event, { partition: 0, offset: String(i) });
    expect(await platform.redis.hget(keys.story(storyId), 'pending')).toBeNull();
    expect(await platform.redis.zscore(providerIndex, storyId)).not.toBeNull();
  });
});
