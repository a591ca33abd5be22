import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiService, type ApiService } from '../../../services/api/api-service.ts';
import { FeedLog } from '../../../services/publish/feed-log.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import type { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';
import { testPlatform, testPrincipals } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';

let platform: Platform;
let principals: PrincipalStore;
let api: ApiService;
/** A feed of this run's own, so the test never writes the live one (whose ids are log positions). */
const feedRoot = `sl:feed:{feed}:${runId('streams')}`;

/** Opens a stream and never reads it: the socket's receive window fills and the server's buffer grows. */
function openUnread(path: string, key: string, lastEventId?: string): Promise<{ response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, api.url);
    const req = httpRequest(url, { headers: { authorization: `Bearer ${key}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }, (response) => {
      response.pause();
      resolve({ response });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 100));
}
const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('consumer API streams: back-pressure, caps and revocation (real Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    principals = testPrincipals();
    const update = (n: number) => JSON.stringify({ updateId: `u${n}`, storyId: `st-${n}`, reason: 'NEW', occurredAt: Date.now(), headline: 'x'.repeat(24_000) });
    // 24 MB of history to replay, more than the kernel's socket buffers hold on both sides.
    const feed = new FeedLog(platform.redis, feedRoot);
    const base = Date.now();
    // Round-robin over three partitions, one millisecond apart: the merged order is entry order.
    for (let n = 0; n < 1000; n += 1) await feed.append({ partition: n % 3, offset: String(Math.floor(n / 3)), updateId: runId('u'), update: update(n), facets: 'null', at: base + n }, Date.now());
    api = await startApiService(platform, principals, 0, { feedRoot, streams: { maxBufferedBytes: 256 * 1024, drainTimeoutMs: 1_500, maxStreamsPerKey: 2, revocationCheckMs: 200 } });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    const keys = await platform.redis.keys(`${feedRoot}:*`);
    if (keys.length > 0) await platform.redis.del(...keys);
    await platform?.close();
  });

  it('closes a client that does not read a replay, instead of buffering seven days of stories for it (was: unbounded)', async () => {
    const key = principals.issueKey(runId('slow').toLowerCase(), 'Slow reader', 'consumer');
    const { response } = await openUnread('/v1/stream', key, '0');
    expect(response.statusCode).toBe(200);
    const keyId = key.split('.')[0]!;
    expect(api.streams.countByKey().get(keyId)).toBe(1);
    // A paused socket does not see the server close it: the server's own count says it is gone.
    expect(await within(until(() => !api.streams.countByKey().has(keyId)), 15_000)).toBe(true);
    response.destroy();
  }, 30_000);

  it('a client that reads gets the replay and resumes from Last-Event-ID (after the first entry of partition 0: 999 to go)', async () => {
    const key = principals.issueKey(runId('fast').toLowerCase(), 'Fast reader', 'consumer');
    const controller = new AbortController();
    const response = await fetch(`${api.url}/v1/stream`, { headers: { authorization: `Bearer ${key}`, 'last-event-id': '1' }, signal: controller.signal });
    const ids: string[] = [];
    let partialLine = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) {
      const lines = (partialLine + decoder.decode(chunk as Uint8Array, { stream: true })).split('\n');
      partialLine = lines.pop()!;
      for (const line of lines) if (line.startsWith('id: ')) ids.push(line.slice(4));
      if (ids.length >= 999) break;
    }
    controller.abort();
    // Entry 0 (partition 0, offset 0) was read before; the replay starts with entry 1 and ends past every partition's last.
    expect(ids.length).toBe(999);
    expect(ids[0]).toBe('1.1');
    expect(ids.at(-1)).toBe('334.333.333');
  }, 30_000);

  it('caps open streams per key (429 with Retry-After) and closes the streams of a revoked key', async () => {
    const id = runId('capped').toLowerCase();
    const key = principals.issueKey(id, 'Capped reader', 'consumer');
    const first = await openUnread('/v1/stream', key);
    const second = await openUnread('/v1/stream', key);
    const third = await fetch(`${api.url}/v1/stream`, { headers: { authorization: `Bearer ${key}` } });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
    expect(((await third.json()) as { code: string }).code).toBe('too_many_streams');
    principals.revokeKeys(id);
    const keyId = key.split('.')[0]!;
    expect(await within(until(() => !api.streams.countByKey().has(keyId)), 5_000)).toBe(true);
    first.response.destroy();
    second.response.destroy();
  }, 20_000);
});
