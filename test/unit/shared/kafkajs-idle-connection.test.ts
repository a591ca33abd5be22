import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';

// kafkajs 2.2.4 re-arms a 1 ms timer on every connection for ever once a request was answered
// (kafkajs#1704; on Node 24 also a TimeoutNegativeWarning, #1751): about 6 ms of CPU a second per idle
// connection here. infra/patches/kafkajs+2.2.4.patch, applied by `postinstall`, stops it.
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: unknown;
  scheduleCheckPendingRequests(): void;
}
const RequestQueueClass = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (options: object) => RequestQueue;
const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const queue = (): RequestQueue => new RequestQueueClass({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: true, clientId: 'test', broker: 'b:9092', logger });

afterEach(() => {
  vi.useRealTimers();
});

describe('the kafkajs request queue (patched)', () => {
  it('arms no timer when nothing is pending and no throttle applies', () => {
    vi.useFakeTimers();
    const idle = queue();
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('still checks again for pending requests and waits out a broker throttle', () => {
    vi.useFakeTimers();
    const busy = queue();
    busy.pending.push({});
    busy.scheduleCheckPendingRequests();
    expect(vi.getTimerCount()).toBe(1);
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 500;
    throttled.scheduleCheckPendingRequests();
    expect(vi.getTimerCount()).toBe(2);
  });
});
