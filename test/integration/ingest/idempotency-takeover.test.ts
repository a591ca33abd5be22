import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyStore, STALE_RESERVATION_MS } from '../../../services/ingest/submission/idempotency-store.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';

describe('an Idempotency-Key left pending by a dead ingest process (real Redis)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('is taken over by one retry, under the submission id it held, once stale', async () => {
    let now = 1_000_000;
    const store = new IdempotencyStore(platform.redis, () => now);
    const key = runId('key');
    expect(await store.reserve('wire', key, 'fp', 'sub-dead')).toEqual({ kind: 'reserved', submissionId: 'sub-dead' });

    now += 5_000;
    expect(await store.reserve('wire', key, 'fp', 'sub-retry-1')).toEqual({ kind: 'in-flight' });
    now += STALE_RESERVATION_MS;
    const [first, second] = await Promise.all([store.reserve('wire', key, 'fp', 'sub-retry-2'), store.reserve('wire', key, 'fp', 'sub-retry-3')]);
    expect([first, second]).toContainEqual({ kind: 'reserved', submissionId: 'sub-dead' });
    expect([first, second]).toContainEqual({ kind: 'in-flight' });

    await store.complete('wire', key, 'fp', 'sub-dead');
    expect(await store.reserve('wire', key, 'fp', 'sub-retry-4')).toEqual({ kind: 'replay', submissionId: 'sub-dead' });
    await platform.redis.del(`idem:{wire}:${key}`);
  });

  it('replays an entry an earlier release wrote (the body’s hash only) when the same bytes come again', async () => {
    const store = new IdempotencyStore(platform.redis);
    const key = runId('legacy-key');
    await platform.redis.set(`idem:{wire}:${key}`, JSON.stringify({ sha256: 'body-digest', submissionId: 'sub-old', state: 'done' }), 'EX', 60);
    expect(await store.reserve('wire', key, 'request-fingerprint', 'sub-new', 'body-digest')).toEqual({ kind: 'replay', submissionId: 'sub-old' });
    expect(await store.reserve('wire', key, 'request-fingerprint', 'sub-new', 'other-body')).toEqual({ kind: 'conflict' });
    await platform.redis.del(`idem:{wire}:${key}`);
  });
});
