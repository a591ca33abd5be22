import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecFor } from '../../../services/contracts/avro-codec.ts';
import type { DeadLetter } from '../../../services/contracts/types.generated.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { poison, retriable } from '../../../services/shared/errors.ts';
import { runConsumer } from '../../../services/shared/kafka/consumer-runner.ts';
import { ensureTopics } from '../../../services/shared/kafka/topic-admin.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { readUntil } from '../../support/topic-reader.ts';

let platform: Platform;
const name = runId('runner');
const topic = `${name}.in`;

describe('consumer runner (real Kafka and registry)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    const admin = platform.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 1, cleanupPolicy: 'delete', retentionMs: 3_600_000 }, platform.topics.deadLetter(name)]);
    await admin.disconnect();
  });
  afterAll(async () => platform?.close());

  it('dead-letters undecodable and poison messages with the cause and original bytes, retries retriable ones, processes the rest', async () => {
    const producer = platform.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'a', value: 'good-1' }, { key: 'b', value: 'undecodable' }, { key: 'c', value: 'poison' }, { key: 'd', value: 'flaky' }, { key: 'e', value: 'good-2' }] });
    const dlqCodec = await codecFor<DeadLetter>(platform.catalog, platform.registry, platform.topics.deadLetter(name));
    const processed: string[] = [];
    let flakyAttempts = 0;
    const done = new Promise<void>((resolve) => {
      void runConsumer(
        platform.kafka,
        { name, topic, groupId: platform.topics.group(name), deadLetterTopic: platform.topics.deadLetter(name).name },
        {
          retryAttempts: 4,
          decode: (bytes) => (bytes.toString() === 'undecodable' ? Promise.reject(new Error('bad framing')) : Promise.resolve(bytes.toString())),
          handle: ({ value }) => {
            if (value === 'poison') throw poison('bad_article', 'the article has no body');
            if (value === 'flaky' && ++flakyAttempts < 3) throw retriable('redis_down', 'try again');
            processed.push(value);
            if (value === 'good-2') resolve();
            return Promise.resolve();
          },
        },
        { producer, codec: dlqCodec },
        platform.logger,
      ).then((running) => done.then(() => running.stop()));
    });
    await done;
    expect(processed).toEqual(['good-1', 'flaky', 'good-2']);
    expect(flakyAttempts).toBe(3);

    const dlq = await readUntil(platform.kafka, platform.topics.deadLetter(name).name, (ms) => ms.length >= 2);
    const letters = await Promise.all(dlq.map((m) => dlqCodec.decode(m.value!)));
    expect(letters.map((l) => [l.value?.toString(), l.errorCode, l.sourceOffset, l.sourceTopic])).toEqual([
      ['undecodable', 'undecodable_message', '1', topic],
      ['poison', 'bad_article', '2', topic],
    ]);
    expect(letters[0]!.errorMessage).toContain('bad framing');
    await producer.disconnect();
  });
});
