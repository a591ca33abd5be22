import { createKafka } from '../shared/kafka/kafka-client.ts';
import { runPass, type KafkaClientPass } from './kafka-client-passes.ts';

/** What the parent (kafka-bench.ts) passes as JSON in argv[2], and what this process sends back. */
export interface KafkaClientTask {
  readonly brokers: string;
  readonly pass: KafkaClientPass;
}
export type KafkaClientReport = { readonly rate: number } | { readonly error: string };

const task = JSON.parse(process.argv[2] ?? '{}') as KafkaClientTask;
const kafka = createKafka('storyline-bench', task.brokers.split(','));
const report: KafkaClientReport = await runPass(kafka, task.pass).then(
  (rate) => ({ rate }),
  (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
);
process.send!(report, () => process.exit(0));
