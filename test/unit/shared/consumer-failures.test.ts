import { describe, expect, it } from 'vitest';
import { KafkaJSConnectionError, KafkaJSNonRetriableError } from 'kafkajs';
import { poison, retriable } from '../../../services/shared/errors.ts';
import { backoffMs, restartBudget } from '../../../services/shared/kafka/consumer-runner.ts';
import { classifyFailure } from '../../../services/shared/kafka/failure-kind.ts';

describe('consumer failure classification', () => {
  it('trusts a StorylineError decision', () => {
    expect(classifyFailure(poison('bad', 'no body'))).toBe('poison');
    expect(classifyFailure(retriable('down', 'later'))).toBe('outage');
  });

  it('recognises a dependency outage anywhere in the cause chain', () => {
    expect(classifyFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('outage');
    expect(classifyFailure(new Error('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }))).toBe('outage');
    expect(classifyFailure(new KafkaJSConnectionError('broker gone'))).toBe('outage');
    expect(classifyFailure(Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14 }))).toBe('outage');
    expect(classifyFailure(new Error('Connection is closed.'))).toBe('outage');
  });

  it('calls anything else a bug', () => {
    expect(classifyFailure(new TypeError('x is undefined'))).toBe('bug');
    expect(classifyFailure(new KafkaJSNonRetriableError('record too large'))).toBe('bug');
    expect(classifyFailure('a string')).toBe('bug');
  });
});

describe('consumer retry policy', () => {
  it('backs off exponentially up to its cap', () => {
    expect([1, 2, 3, 6, 7, 50].map((a) => backoffMs(a))).toEqual([200, 400, 800, 5_000, 5_000, 5_000]);
  });

  it('allows a bounded number of restarts within a sliding window', () => {
    const mayRestart = restartBudget({ max: 2, windowMs: 1_000 });
    expect([mayRestart(0), mayRestart(100), mayRestart(200)]).toEqual([true, true, false]);
    expect(mayRestart(1_150)).toBe(true);
  });
});
