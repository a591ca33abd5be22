import { createKafka } from '../shared/kafka/kafka-client.ts';
import { runPass, type KafkaClientPass } from './kafka-client-passes.ts';
import { reportToParent } from './own-process.ts';

/** What the parent (kafka-bench.ts) passes as JSON in argv[2]. */
export interface KafkaClientTask {
  readonly brokers: string;
  readonly pass: KafkaClientPass;
}

await reportToParent(async (task: KafkaClientTask) => runPass(createKafka('storyline-bench', task.brokers.split(',')), task.pass));
