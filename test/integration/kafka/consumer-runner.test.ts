import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import type { AvroCodec } from '../../../services/contracts/avro-codec.ts';
import { codecFor } from '../../../services/contracts/avro-codec.ts';
import type { DeadLetter } from '../../../services/contracts/types.generated.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { poison, retriable } from '../../../services/shared/errors.ts';
import { runConsumer, type ConsumerHandler, type ConsumerObserver, type ConsumerSupervision, type RunningConsumer } from '../../../services/shared/kafka/consumer-runner.ts';
import type { FailureKind } from '../../../services/shared/kafka/failure-kind.ts';
import { ensureTopics } from '../../../services/shared/kafka/topic-admin.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { readUntil } from '../../support/topic-reader.ts';

let platform: Platform;
let producer: Producer;
const FAST = { initialMs: 20, maxMs: 100 } as const;

/** A fresh topic, its dead-letter topic and a consumer binding on them. */
async function freshBinding(prefix: string) {
  const name = runId(prefix);
  const topic = `${name}.in`;
  const admin = platform.kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ name: topic, partitions: 1, cleanupPolicy: 'delete', retentionMs: 3_600_000 }, platform.topics.deadLetter(name)]);
  await admin.disconnect();
  const codec = await codecFor<DeadLetter>(platform.catalog, platform.registry, platform.topics.deadLetter(name));
  return { name, topic, groupId: platform.topics.group(name), deadLetterTopic: platform.topics.deadLetter(name).name, codec };
}

class RecordingObserver implements ConsumerObserver {
  readonly retries: FailureKind[] = [];
  readonly holds: boolean[] = [];
  readonly crashes: boolean[] = [];
  readonly deadLetters: string[] = [];
  processedCount = 0;
  processed() {
    this.processedCount++;
  }
  retried(_: string, kind: FailureKind) {
    this.retries.push(kind);
  }
  deadLettered(_: string, code: string) {
    this.deadLetters.push(code);
  }
  crashed(_: string, restart: boolean) {
    this.crashes.push(restart);
  }
  held(_: string, held: boolean) {
    this.holds.push(held);
  }
}

async function consumeUntil(binding: Awaited<ReturnType<typeof freshBinding>>, spec: ConsumerHandler<string>, done: Promise<void>, supervision?: ConsumerSupervision): Promise<void> {
  const running: RunningConsumer = await runConsumer(platform.kafka, binding, spec, { producer, codec: binding.codec }, platform.logger, supervision);
  try {
    await done;
  } finally {
    await running.stop();
  }
}

async function deadLettersOf(binding: { deadLetterTopic: string; codec: AvroCodec<DeadLetter> }, count: number): Promise<DeadLetter[]> {
  const messages = await readUntil(platform.kafka, binding.deadLetterTopic, (ms) => ms.length >= count);
  return Promise.all(messages.map((m) => binding.codec.decode(m.value!)));
}

describe('consumer runner (real Kafka and registry)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await platform?.close();
  });

  it('dead-letters undecodable and poison messages with the cause and original bytes, retries retriable ones, processes the rest', async () => {
    const binding = await freshBinding('runner');
    await producer.send({ topic: binding.topic, messages: [{ key: 'a', value: 'good-1' }, { key: 'b', value: 'undecodable' }, { key: 'c', value: 'poison' }, { key: 'd', value: 'flaky' }, { key: 'e', value: 'good-2' }] });
    const processed: string[] = [];
    let flakyAttempts = 0;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    await consumeUntil(
      binding,
      {
        retryPolicy: FAST,
        decode: (bytes) => (bytes.toString() === 'undecodable' ? Promise.reject(new Error('bad framing')) : Promise.resolve(bytes.toString())),
        handle: ({ value }) => {
          if (value === 'poison') throw poison('bad_article', 'the article has no body');
          if (value === 'flaky' && ++flakyAttempts < 3) throw retriable('redis_down', 'try again');
          processed.push(value);
          if (value === 'good-2') finish();
          return Promise.resolve();
        },
      },
      done,
    );
    expect(processed).toEqual(['good-1', 'flaky', 'good-2']);
    expect(flakyAttempts).toBe(3);

    const letters = await deadLettersOf(binding, 2);
    expect(letters.map((l) => [l.value?.toString(), l.errorCode, l.sourceOffset, l.sourceTopic, l.attempts])).toEqual([
      ['undecodable', 'undecodable_message', '1', binding.topic, 1],
      ['poison', 'bad_article', '2', binding.topic, 1],
    ]);
    expect(letters[0]!.errorMessage).toContain('bad framing');
  });

  it('a handler bug is retried a bounded number of times with back-off, then dead-lettered with the error; the partition moves on', async () => {
    const binding = await freshBinding('runner-bug');
    await producer.send({ topic: binding.topic, messages: [{ key: 'a', value: 'buggy' }, { key: 'b', value: 'after' }] });
    const attemptsAt: number[] = [];
    const processed: string[] = [];
    const observer = new RecordingObserver();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    await consumeUntil(
      binding,
      {
        retryAttempts: 4,
        retryPolicy: FAST,
        decode: (bytes) => Promise.resolve(bytes.toString()),
        handle: ({ value }) => {
          if (value === 'buggy') {
            attemptsAt.push(Date.now());
            throw new TypeError("Cannot read properties of undefined (reading 'storyId')");
          }
          processed.push(value);
          finish();
          return Promise.resolve();
        },
      },
      done,
      { observer, onFatal: (error) => expect.unreachable(String(error)) },
    );
    expect(attemptsAt).toHaveLength(4);
    // Back-off between attempts: 20, 40, 80 ms at least.
    expect(attemptsAt[3]! - attemptsAt[0]!).toBeGreaterThanOrEqual(130);
    expect(processed).toEqual(['after']);
    expect(observer.retries).toEqual(['bug', 'bug', 'bug']);
    const [letter] = await deadLettersOf(binding, 1);
    expect(letter).toMatchObject({ errorCode: 'handler_failed', attempts: 4, sourceOffset: '0', consumer: binding.name });
    expect(letter!.value?.toString()).toBe('buggy');
    expect(letter!.errorMessage).toContain("reading 'storyId'");
  });

  it('a dependency outage holds the partition and retries far past the bug bound, dead-letters nothing and keeps the order', async () => {
    const binding = await freshBinding('runner-outage');
    await producer.send({ topic: binding.topic, messages: [{ key: 'a', value: 'during-outage' }, { key: 'b', value: 'next' }] });
    const processed: string[] = [];
    const observer = new RecordingObserver();
    let outageAttempts = 0;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    await consumeUntil(
      binding,
      {
        retryAttempts: 2,
        retryPolicy: FAST,
        decode: (bytes) => Promise.resolve(bytes.toString()),
        handle: ({ value }) => {
          // What ioredis and undici throw while their server is down, not wrapped by the handler.
          if (value === 'during-outage' && ++outageAttempts <= 12) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });
          processed.push(value);
          if (value === 'next') finish();
          return Promise.resolve();
        },
      },
      done,
      { observer, onFatal: (error) => expect.unreachable(String(error)) },
    );
    expect(outageAttempts).toBe(13);
    expect(processed).toEqual(['during-outage', 'next']);
    expect(observer.retries).toEqual(Array.from({ length: 12 }, () => 'outage'));
    expect(observer.holds).toEqual([true, false]);
    expect(observer.deadLetters).toEqual([]);
    expect(observer.processedCount).toBe(2);
  });

  it('a consumer crash that kafkajs will not restart is logged, counted and handed to the process as fatal', async () => {
    const binding = await freshBinding('runner-crash');
    const observer = new RecordingObserver();
    const fatal = new Promise<Error>((resolve) => {
      // A session timeout below the broker's minimum: the group coordinator refuses the join, a non-retriable crash.
      void runConsumer(platform.kafka, binding, { sessionTimeoutMs: 1_000, decode: (bytes) => Promise.resolve(bytes.toString()), handle: () => Promise.resolve() }, { producer, codec: binding.codec }, platform.logger, { observer, onFatal: resolve }).then((running) =>
        fatal.then(() => running.stop()),
      );
    });
    const error = await fatal;
    expect(error.message).toMatch(/session timeout/i);
    expect(observer.crashes).toEqual([false]);
  });
});
