import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { RECORD_COMPRESSION } from '../shared/kafka/message-limits.ts';
import { copyLikePayloads } from './copy-like-payloads.ts';

/** One kafkajs pass of the client benchmark, as a service's process would run it. */
export type KafkaClientPass =
  | { readonly kind: 'produce'; readonly topic: string; readonly recordSize: number; readonly records: number; readonly sendBatch: number }
  | { readonly kind: 'consume'; readonly topic: string; readonly records: number; readonly maxBytes: number; readonly groupPrefix: string };

/** Records per second of one pass. */
export function runPass(kafka: Kafka, pass: KafkaClientPass): Promise<number> {
  return pass.kind === 'produce' ? producePass(kafka, pass) : consumePass(kafka, pass);
}

/** As our producers send: idempotent, one request in flight, acks=all, our compression, `sendBatch` records per send. */
async function producePass(kafka: Kafka, pass: Extract<KafkaClientPass, { kind: 'produce' }>): Promise<number> {
  const payloads = copyLikePayloads(pass.recordSize, 200);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const start = process.hrtime.bigint();
    const sends: Promise<unknown>[] = [];
    for (let sent = 0; sent < pass.records; sent += pass.sendBatch) {
      const messages = Array.from({ length: Math.min(pass.sendBatch, pass.records - sent) }, (_, i) => ({ value: payloads[(sent + i) % payloads.length]! }));
      sends.push(producer.send({ topic: pass.topic, acks: -1, compression: RECORD_COMPRESSION, messages }));
    }
    await Promise.all(sends);
    return pass.records / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await producer.disconnect();
  }
}

/** Reads `records` records from the start of the topic with a fresh group; the rate counts from the group join, as ConsumerPerformance's fetch rate does. */
async function consumePass(kafka: Kafka, pass: Extract<KafkaClientPass, { kind: 'consume' }>): Promise<number> {
  const consumer = kafka.consumer({ groupId: `${pass.groupPrefix}bench-consume-${randomBytes(4).toString('hex')}`, maxBytes: pass.maxBytes, maxBytesPerPartition: pass.maxBytes, readUncommitted: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: pass.topic, fromBeginning: true });
    let joinedAt = process.hrtime.bigint();
    consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt = process.hrtime.bigint()));
    let seen = 0;
    return await new Promise<number>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          partitionsConsumedConcurrently: 3,
          eachBatch: ({ batch }) => {
            seen += batch.messages.length;
            if (seen >= pass.records) resolve(pass.records / (Number(process.hrtime.bigint() - joinedAt) / 1e9));
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
