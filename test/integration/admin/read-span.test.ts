import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { createKafka } from '../../../services/shared/kafka/kafka-client.ts';
import { loadConfig } from '../../../services/shared/config.ts';
import { readSpan } from '../../../workflows/operations/read-span.ts';
import { runId } from '../../support/run-id.ts';

const config = loadConfig();
const kafka = createKafka('storyline-test', config.kafka.brokers);
const topic = runId('test.span');
const RECORDS = 60;
let admin: Admin;

describe('readSpan: the unit of work of a rebuild or replay batch (real broker)', () => {
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    // One send: the broker hands all of them back in one fetch.
    await producer.send({ topic, acks: -1, messages: Array.from({ length: RECORDS }, (_, i) => ({ key: 'k', value: `record-${i}` })) });
    await producer.disconnect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('hands over no more than maxRecords even when one fetch holds them all, and the next span resumes exactly after them', async () => {
    const end = { '0': String(RECORDS) };
    const seen: string[] = [];
    const span = { end, maxRecords: 7, groupPrefix: '' };
    let positions: Record<string, string> = { '0': '0' };
    const sizes: number[] = [];
    while (BigInt(positions['0']!) < BigInt(RECORDS)) {
      const result = await readSpan(kafka, topic, { ...span, positions }, (records) => {
        seen.push(...records.map((r) => r.value!.toString()));
        return Promise.resolve();
      }, () => undefined);
      sizes.push(result.read);
      positions = result.positions;
    }
    expect(sizes.every((size) => size <= 7)).toBe(true);
    expect(sizes.slice(0, -1)).toEqual(Array(sizes.length - 1).fill(7));
    expect(seen).toEqual(Array.from({ length: RECORDS }, (_, i) => `record-${i}`));
  }, 120_000);
});
