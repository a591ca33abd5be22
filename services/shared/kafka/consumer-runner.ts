import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { AvroCodec } from '../../contracts/avro-codec.ts';
import type { DeadLetter } from '../../contracts/types.generated.ts';
import { describeError, poison, StorylineError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { headersOf } from './message-headers.ts';

export interface Delivered<T> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: T;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: string;
}

/** Where a consumer reads and dead-letters, with names already resolved for the environment. */
export interface ConsumerBinding {
  /** The consumer's name, as recorded in its dead letters. */
  readonly name: string;
  readonly groupId: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
}

export interface ConsumerHandler<T> {
  readonly decode: (bytes: Buffer) => Promise<T>;
  readonly handle: (message: Delivered<T>) => Promise<void>;
  readonly fromBeginning?: boolean;
  /** Attempts for a retriable failure before the message is handed back to Kafka (redelivered). */
  readonly retryAttempts?: number;
}

export interface RunningConsumer {
  readonly name: string;
  stop(): Promise<void>;
}

/** The named retry policy of our consumers: exponential backoff from 200 ms, capped at 5 s. */
export const CONSUMER_RETRY = { initialMs: 200, maxMs: 5_000, attempts: 6 } as const;

/** Bytes that cannot be decoded never will be: they are poison, unless the registry was unreachable. */
async function decodeOrPoison<T>(decode: (bytes: Buffer) => Promise<T>, bytes: Buffer): Promise<T> {
  try {
    return await decode(bytes);
  } catch (error) {
    if (error instanceof StorylineError) throw error;
    throw poison('undecodable_message', 'the message could not be decoded', error);
  }
}

/**
 * Runs one consumer group with the project's delivery rules: at-least-once (offsets are committed
 * only after the handler finished), poison messages dead-lettered with their cause and original
 * bytes before their offset is committed, retriable failures retried, anything else a crash.
 */
export async function runConsumer<T>(kafka: Kafka, binding: ConsumerBinding, spec: ConsumerHandler<T>, deadLetters: { producer: Producer; codec: AvroCodec<DeadLetter> }, logger: Logger): Promise<RunningConsumer> {
  const log = logger.child({ consumer: binding.name, topic: binding.topic });
  const consumer: Consumer = kafka.consumer({ groupId: binding.groupId, readUncommitted: false, retry: { retries: 10 } });
  const attempts = spec.retryAttempts ?? CONSUMER_RETRY.attempts;

  const deadLetter = async (partition: number, message: KafkaMessage, error: StorylineError) => {
    const record: DeadLetter = {
      consumer: binding.name,
      sourceTopic: binding.topic,
      sourcePartition: partition,
      sourceOffset: message.offset,
      key: message.key ?? null,
      value: message.value ?? null,
      headers: headersOf(message),
      errorCode: error.code,
      errorMessage: describeError(error),
      failedAt: Date.now(),
      attempts: 1,
    };
    await deadLetters.producer.send({ topic: binding.deadLetterTopic, acks: -1, messages: [{ key: `${binding.topic}/${partition}/${message.offset}`, value: deadLetters.codec.encode(record) }] });
    log.warn({ partition, offset: message.offset, code: error.code, err: error }, 'message dead-lettered');
  };

  await consumer.connect();
  await consumer.subscribe({ topic: binding.topic, fromBeginning: spec.fromBeginning ?? true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const value = await decodeOrPoison(spec.decode, message.value ?? Buffer.alloc(0));
          await spec.handle({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value, headers: headersOf(message), timestamp: message.timestamp });
          return;
        } catch (error) {
          if (error instanceof StorylineError && error.disposition === 'poison') return deadLetter(partition, message, error);
          if (error instanceof StorylineError && attempt < attempts) {
            const delay = Math.min(CONSUMER_RETRY.maxMs, CONSUMER_RETRY.initialMs * 2 ** (attempt - 1));
            log.warn({ partition, offset: message.offset, attempt, delay, err: error }, 'retriable failure, retrying');
            await new Promise((r) => setTimeout(r, delay));
            continue;
          }
          log.error({ partition, offset: message.offset, err: error }, 'handler failed; the message will be redelivered');
          throw error;
        }
      }
    },
  });
  log.info('consumer running');
  return {
    name: binding.name,
    async stop() {
      await consumer.disconnect();
    },
  };
}
