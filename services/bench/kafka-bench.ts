import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { RECORD_COMPRESSION } from '../shared/kafka/message-limits.ts';
import { ensureTopics } from '../shared/kafka/topic-admin.ts';
import { copyLikePayloads } from './copy-like-payloads.ts';
import type { KafkaClientPass } from './kafka-client-passes.ts';
import type { KafkaClientTask } from './kafka-client-process.ts';
import { inOwnProcess } from './own-process.ts';
import { median, type BenchRow } from './measure.ts';

const run = promisify(execFile);

/** The knobs of the comparison, one set for both clients so the ratio compares clients, not settings. */
export interface KafkaBenchOptions {
  readonly brokers: string;
  readonly libs: string;
  /** The environment's topic and group prefix: benchmark topics and groups live beside its own. */
  readonly topicPrefix: string;
  readonly records: number;
  readonly recordSizes: readonly number[];
  readonly runs: number;
  /** Messages per kafkajs `send` and bytes per Java producer batch: the batching both get. */
  readonly sendBatch: number;
  /** kafkajs consumer fetch size (per request and per partition). */
  readonly consumerMaxBytes: number;
}

const CLIENT_PROCESS = fileURLToPath(new URL('./kafka-client-process.ts', import.meta.url));

/** One kafkajs pass in a Node process of its own, as the Java tools run in a JVM of their own. */
function passInOwnProcess(brokers: string, pass: KafkaClientPass): Promise<number> {
  return inOwnProcess<number>(CLIENT_PROCESS, { brokers, pass } satisfies KafkaClientTask, `kafkajs ${pass.kind} pass`);
}

function javaTool(libs: string, tool: string, args: string[]): Promise<{ stdout: string }> {
  return run('java', ['-Xmx512m', '-cp', `${libs}/*`, `org.apache.kafka.tools.${tool}`, ...args], { maxBuffer: 16 * 1024 * 1024 });
}

/** `ProducerPerformance` with the same acks, idempotence, compression and batching as ours. */
async function producerPerformance(options: KafkaBenchOptions, topic: string, payloadFile: string, recordSize: number): Promise<number> {
  const { stdout } = await javaTool(options.libs, 'ProducerPerformance', [
    '--topic', topic, '--num-records', String(options.records), '--payload-file', payloadFile, '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${options.brokers}`, 'acks=all', 'enable.idempotence=true', `compression.type=${compressionName()}`,
    `batch.size=${options.sendBatch * recordSize}`, 'linger.ms=5', 'buffer.memory=134217728',
  ]);
  const match = /(\d+) records sent, ([\d.]+) records\/sec/.exec(stdout.trim().split('\n').at(-1) ?? '');
  if (!match) throw new Error(`unexpected ProducerPerformance output: ${stdout.slice(-300)}`);
  return Number(match[2]);
}

/** `ConsumerPerformance`'s fetch rate (rebalance time excluded), its fetch sizes raised to ours. */
async function consumerPerformance(options: KafkaBenchOptions, topic: string, configFile: string): Promise<number> {
  const { stdout } = await javaTool(options.libs, 'ConsumerPerformance', [
    '--bootstrap-server', options.brokers, '--topic', topic, '--messages', String(options.records), '--group', `${options.topicPrefix}bench-perf-${randomBytes(4).toString('hex')}`,
    '--consumer.config', configFile, '--timeout', '60000',
  ]);
  // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const fields = stdout.trim().split('\n').at(-1)?.split(',').map((f) => f.trim()) ?? [];
  const rate = Number(fields[9]);
  if (fields.length < 10 || !Number.isFinite(rate)) throw new Error(`unexpected ConsumerPerformance output: ${stdout.slice(-300)}`);
  return rate;
}

function compressionName(): string {
  return ['none', 'gzip', 'snappy', 'lz4', 'zstd'][RECORD_COMPRESSION]!;
}

/**
 * kafkajs, as our services use it (idempotent, one request in flight, gzip, acks=all, our topic
 * settings), against Kafka's own ProducerPerformance and ConsumerPerformance tuned alike, for each
 * record size, each pass in a process of its own. Runs alternate between the clients so that drift on
 * a shared machine weighs on both.
 */
export async function kafkaBench(kafka: Kafka, options: KafkaBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'storyline-kafka-bench-'));
  const consumerConfig = join(dir, 'consumer.properties');
  writeFileSync(consumerConfig, [`fetch.max.bytes=${options.consumerMaxBytes}`, `max.partition.fetch.bytes=${options.consumerMaxBytes}`, 'isolation.level=read_committed', 'max.poll.records=2000', ''].join('\n'));
  const admin = kafka.admin();
  await admin.connect();
  const created: string[] = [];
  try {
    for (const size of options.recordSizes) {
      const payloads = copyLikePayloads(size, 200);
      const payloadFile = join(dir, `payload-${size}.txt`);
      writeFileSync(payloadFile, payloads.map((p) => p.toString()).join('\n'));
      const produced: number[] = [];
      const producedJava: number[] = [];
      const consumed: number[] = [];
      const consumedJava: number[] = [];
      for (let r = 0; r < options.runs; r++) {
        // A fresh topic per run holds exactly what this run's consumers read: ours then the tool's writes.
        const topic = `${options.topicPrefix}bench.kafka.${size}.${randomBytes(3).toString('hex')}`;
        await ensureTopics(admin, [{ name: topic, partitions: 3, cleanupPolicy: 'delete', retentionMs: 3600_000 }]);
        const ourFirst = r % 2 === 0;
        if (!ourFirst) producedJava.push(await producerPerformance(options, topic, payloadFile, size));
        produced.push(await passInOwnProcess(options.brokers, { kind: 'produce', topic, recordSize: size, records: options.records, sendBatch: options.sendBatch }));
        if (ourFirst) producedJava.push(await producerPerformance(options, topic, payloadFile, size));
        if (!ourFirst) consumedJava.push(await consumerPerformance(options, topic, consumerConfig));
        consumed.push(await passInOwnProcess(options.brokers, { kind: 'consume', topic, records: options.records, maxBytes: options.consumerMaxBytes, groupPrefix: options.topicPrefix }));
        if (ourFirst) consumedJava.push(await consumerPerformance(options, topic, consumerConfig));
        created.push(topic);
      }
      const settings = `${options.records.toLocaleString('en-US')} records of ${size} B copy-like text per run, ${options.runs} runs, 3 partitions, acks=all, idempotent, ${compressionName()}, ${options.sendBatch} records per send / batch.size ${options.sendBatch * size} B, linger.ms 5`;
      rows.push({ name: `produce ${size} B, acks=all, ${compressionName()}`, ours: { label: 'kafkajs 2.2.4', value: median(produced) }, baseline: { label: 'ProducerPerformance (tuned)', value: median(producedJava) }, unit: 'rec/s', note: settings });
      rows.push({ name: `consume ${size} B, read_committed`, ours: { label: 'kafkajs 2.2.4', value: median(consumed) }, baseline: { label: 'ConsumerPerformance (tuned)', value: median(consumedJava) }, unit: 'rec/s', note: `fetch size ${options.consumerMaxBytes} B for both, rate from the group join (the tool's fetch.nMsg.sec)` });
    }
  } finally {
    if (created.length > 0) await admin.deleteTopics({ topics: created });
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
