import { Kafka, logLevel as KafkaLogLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../logger.ts';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

// Known, understood messages: the v2 partitioner notice; the bounded retry policy we chose for
// idempotent producers (duplicates across sends are handled by idempotent consumers); and the
// broker's CONCURRENT_TRANSACTIONS answer while the previous commit completes, which kafkajs retries.
const EXPECTED_WARNINGS = [/switched default partitioner/, /Limiting retries for the idempotent producer/, /another concurrent operation on the same transaction/];

/** kafkajs with its log routed into our structured logger; the retry policy is kafkajs' own, named here. */
export function createKafka(clientId: string, brokers: readonly string[], logger?: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logger ? KafkaLogLevel.WARN : KafkaLogLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      if (!logger) return;
      const { message, ...rest } = entry.log;
      if (EXPECTED_WARNINGS.some((pattern) => pattern.test(message))) return;
      logger[LEVELS[entry.level] ?? 'info']({ kafka: rest, namespace: entry.namespace }, message);
    },
  });
}
