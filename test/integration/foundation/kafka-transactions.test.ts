import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, EachMessagePayload } from 'kafkajs';
import { createKafka } from '../../../services/shared/kafka/kafka-client.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { runId } from '../../support/run-id.ts';

const config = loadConfig();
const kafka = createKafka('storyline-test', config.kafka.brokers);
const topic = runId('test.tx');
let admin: Admin;

async function readCommitted(groupId: string, expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`saw ${seen.length} of ${expected} messages`)), 30_000);
    void consumer.run({
      eachMessage: ({ message }: EachMessagePayload) => {
        seen.push(message.value!.toString());
        if (seen.length >= expected) {
          clearTimeout(timer);
          // Linger briefly so an aborted record that would wrongly be delivered shows up too.
          setTimeout(resolve, 1500);
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

describe('kafka (real broker)', () => {
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates topics idempotently', async () => {
    const createdAgain = await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
    expect(createdAgain).toBe(false);
    expect(await admin.listTopics()).toContain(topic);
  });

  it('a read_committed consumer sees committed transactions only', async () => {
    const producer = kafka.producer({ transactionalId: runId('tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ key: 's1', value: 'committed-1' }, { key: 's1', value: 'committed-2' }] });
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 's1', value: 'aborted-1' }] });
    await aborted.abort();
    const last = await producer.transaction();
    await last.send({ topic, messages: [{ key: 's1', value: 'committed-3' }] });
    await last.commit();
    await producer.disconnect();

    expect(await readCommitted(runId('g'), 3)).toEqual(['committed-1', 'committed-2', 'committed-3']);
  });
});
