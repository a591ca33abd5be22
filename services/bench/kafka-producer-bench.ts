import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { median, type BenchRow } from './measure.ts';

const run = promisify(execFile);

/** kafkajs (our client) against Kafka's own ProducerPerformance tool: same topic, record size, count and acks. */
export async function kafkaProducerBench(kafka: Kafka, options: { brokers: string; libs: string; topic: string; records: number; recordSize: number; runs: number }): Promise<BenchRow> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: options.topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const value = Buffer.alloc(options.recordSize, 0x61);
  const batch = 500;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    const start = process.hrtime.bigint();
    const sends: Promise<unknown>[] = [];
    for (let sent = 0; sent < options.records; sent += batch) {
      sends.push(producer.send({ topic: options.topic, acks: -1, messages: Array.from({ length: Math.min(batch, options.records - sent) }, () => ({ value })) }));
    }
    await Promise.all(sends);
    ours.push(options.records / (Number(process.hrtime.bigint() - start) / 1e9));

    const { stdout } = await run('java', [
      '-Xmx256m', '-cp', `${options.libs}/*`, 'org.apache.kafka.tools.ProducerPerformance',
      '--topic', options.topic, '--num-records', String(options.records), '--record-size', String(options.recordSize), '--throughput', '-1',
      '--producer-props', `bootstrap.servers=${options.brokers}`, 'acks=all', 'enable.idempotence=true', 'batch.size=524288', 'linger.ms=5',
    ], { maxBuffer: 16 * 1024 * 1024 });
    const match = /(\d+) records sent, ([\d.]+) records\/sec/.exec(stdout.trim().split('\n').at(-1) ?? '');
    if (!match) throw new Error(`unexpected ProducerPerformance output: ${stdout.slice(-300)}`);
    theirs.push(Number(match[2]));
  }
  await producer.disconnect();
  return {
    name: `produce ${options.records} x ${options.recordSize} B, acks=all`,
    ours: { label: 'kafkajs 2.2.4', value: median(ours) },
    baseline: { label: 'Kafka ProducerPerformance', value: median(theirs) },
    unit: 'rec/s',
  };
}
