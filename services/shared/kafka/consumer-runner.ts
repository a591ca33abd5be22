import { contextFromHeaders, inSpan, SpanKind } from '../tracing/tracing.ts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { AvroCodec } from '../../contracts/avro-codec.ts';
import type { DeadLetter } from '../../contracts/types.generated.ts';
import { describeError, poison, StorylineError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { classifyFailure, type FailureKind } from './failure-kind.ts';
import { headersOf } from './message-headers.ts';
import { isRedriveForAnother } from './redrive-headers.ts';

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
  /** Attempts for a failure that is neither poison nor an outage (a bug) before it is dead-lettered. */
  readonly retryAttempts?: number;
  /** Back-off between attempts; the project's named policy unless a test shortens it. */
  readonly retryPolicy?: RetryPolicy;
  /** Told the partitions the group assigned to this member, before any of their messages is handled. */
  readonly onAssignment?: (assignment: Readonly<Record<string, readonly number[]>>) => void;
  /** The group session timeout; the broker bounds it (group.min.session.timeout.ms, 6 s by default). */
  readonly sessionTimeoutMs?: number;
  /**
   * Partitions handled at once (kafkajs `partitionsConsumedConcurrently`; default 1). Each partition's
   * messages stay in order; a handler that allows more than one must be safe to run concurrently.
   */
  readonly partitionsConcurrently?: number;
}

export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export interface RunningConsumer {
  readonly name: string;
  stop(): Promise<void>;
}

export interface HandledTiming {
  readonly handleMs: number;
  readonly ageMs: number;
}

/** What the runner reports, for metrics: the ops port's Prometheus counters implement it. */
export interface ConsumerObserver {
  /** A message handled: how long its handler took, and how old the record was by then (from its CreateTime: queueing and lag included). */
  processed(consumer: string, timing: HandledTiming): void;
  retried(consumer: string, kind: FailureKind): void;
  deadLettered(consumer: string, code: string): void;
  crashed(consumer: string, restart: boolean): void;
  /** A partition held on an outage (true) and released when its message went through (false). */
  held(consumer: string, held: boolean): void;
}

export interface ConsumerSupervision {
  readonly observer?: ConsumerObserver;
  /**
   * The consumer crashed and will not be restarted (kafkajs gave up, or it kept crashing): the process
   * cannot recover by itself. The composition root exits non-zero so a supervisor restarts it.
   */
  readonly onFatal: (error: Error) => void;
}

/** The named retry policy of our consumers: exponential backoff from 200 ms, capped at 5 s; `attempts` bounds a bug, never an outage. */
export const CONSUMER_RETRY = { initialMs: 200, maxMs: 5_000, attempts: 6 } as const;
/** More restarts than this within the window and the crash is fatal: restarting in place is not working. */
export const CONSUMER_RESTARTS = { max: 5, windowMs: 5 * 60_000 } as const;

export function backoffMs(attempt: number, policy: RetryPolicy = CONSUMER_RETRY): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt - 1, 20));
}

/** Remembers restarts in a sliding window; says whether one more is still worth trying. */
export function restartBudget(limits: { readonly max: number; readonly windowMs: number } = CONSUMER_RESTARTS): (now: number) => boolean {
  const restarts: number[] = [];
  return (now) => {
    while (restarts.length > 0 && restarts[0]! <= now - limits.windowMs) restarts.shift();
    restarts.push(now);
    return restarts.length <= limits.max;
  };
}

/** Bytes that cannot be decoded never will be: they are poison, unless the registry was unreachable. */
async function decodeOrPoison<T>(decode: (bytes: Buffer) => Promise<T>, bytes: Buffer): Promise<T> {
  try {
    return await decode(bytes);
  } catch (error) {
    if (error instanceof StorylineError || classifyFailure(error) === 'outage') throw error;
    throw poison('undecodable_message', 'the message could not be decoded', error);
  }
}

class Stopping extends Error {
  constructor() {
    super('the consumer is stopping; the message will be redelivered');
    this.name = 'ConsumerStopping';
  }
}

function sleep(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stop.aborted) return reject(new Stopping());
    const timer = setTimeout(() => {
      stop.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Stopping());
    };
    stop.addEventListener('abort', onAbort, { once: true });
  });
}

const NO_SUPERVISION: ConsumerSupervision = {
  onFatal: (error) => {
    throw error;
  },
};

/**
 * Runs one consumer group with the project's delivery rules. At-least-once: offsets are committed
 * only after the handler finished. A failure is classified (see `classifyFailure`):
 * - poison: dead-lettered at once with its cause and original bytes, then its offset is committed;
 * - outage: the partition is paused and the message retried in place with back-off for as long as
 *   the dependency is down (heartbeating, so the group keeps the member; a rebalance or a stop hands
 *   the message back to Kafka undelivered);
 * - bug: retried `retryAttempts` times with back-off, then dead-lettered with the error and attempts.
 * A crash of the kafkajs consumer is logged and counted; when kafkajs will not restart it, or it keeps
 * crashing, `supervision.onFatal` is called so the process exits and its supervisor restarts it.
 */
export async function runConsumer<T>(
  kafka: Kafka,
  binding: ConsumerBinding,
  spec: ConsumerHandler<T>,
  deadLetters: { producer: Producer; codec: AvroCodec<DeadLetter> },
  logger: Logger,
  supervision: ConsumerSupervision = NO_SUPERVISION,
): Promise<RunningConsumer> {
  const log = logger.child({ consumer: binding.name, topic: binding.topic });
  const observer = supervision.observer;
  const bugAttempts = Math.max(1, spec.retryAttempts ?? CONSUMER_RETRY.attempts);
  const stopping = new AbortController();
  const mayRestart = restartBudget();
  const consumer: Consumer = kafka.consumer({
    groupId: binding.groupId,
    readUncommitted: false,
    ...(spec.sessionTimeoutMs === undefined ? {} : { sessionTimeout: spec.sessionTimeoutMs, heartbeatInterval: Math.floor(spec.sessionTimeoutMs / 3) }),
    retry: { retries: 10, restartOnFailure: () => Promise.resolve(mayRestart(Date.now()) && !stopping.signal.aborted) },
  });

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    observer?.crashed(binding.name, payload.restart);
    if (payload.restart) {
      log.error({ err: payload.error, restart: true }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    if (stopping.signal.aborted) return;
    log.fatal({ err: payload.error, restart: false }, 'consumer crashed and will not restart; the process must be restarted');
    supervision.onFatal(payload.error);
  });

  const onAssignment = spec.onAssignment;
  // kafkajs emits GROUP_JOIN synchronously after the group's sync, before fetching for the new assignment.
  if (onAssignment) consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => onAssignment(payload.memberAssignment));

  const deadLetter = async (partition: number, message: KafkaMessage, error: unknown, attempts: number) => {
    const code = error instanceof StorylineError ? error.code : 'handler_failed';
    const record: DeadLetter = {
      consumer: binding.name,
      sourceTopic: binding.topic,
      sourcePartition: partition,
      sourceOffset: message.offset,
      key: message.key ?? null,
      value: message.value ?? null,
      headers: headersOf(message),
      errorCode: code,
      errorMessage: error instanceof Error && !(error instanceof StorylineError) ? `${describeError(error)}${error.stack ? `\n${error.stack}` : ''}` : describeError(error),
      failedAt: Date.now(),
      attempts,
    };
    await deadLetters.producer.send({ topic: binding.deadLetterTopic, acks: -1, messages: [{ key: `${binding.topic}/${partition}/${message.offset}`, value: deadLetters.codec.encode(record) }] });
    observer?.deadLettered(binding.name, code);
    log.warn({ partition, offset: message.offset, code, attempts, err: error }, 'message dead-lettered');
  };

  await consumer.connect();
  await consumer.subscribe({ topic: binding.topic, fromBeginning: spec.fromBeginning ?? true });
  await consumer.run({
    partitionsConsumedConcurrently: spec.partitionsConcurrently ?? 1,
    eachMessage: async (payload) => {
      const { topic, partition, message } = payload;
      if (isRedriveForAnother(message, binding.name)) return;
      let resume: (() => void) | undefined;
      let outages = 0;
      let bugs = 0;
      // Dead-lettering is itself retried in place while the broker is down.
      let pendingDeadLetter: { error: unknown; attempts: number } | undefined;
      try {
        for (;;) {
          if (stopping.signal.aborted) throw new Stopping();
          try {
            if (pendingDeadLetter) {
              await deadLetter(partition, message, pendingDeadLetter.error, pendingDeadLetter.attempts);
            } else {
              const value = await decodeOrPoison(spec.decode, message.value ?? Buffer.alloc(0));
              const headers = headersOf(message);
              const handleStarted = performance.now();
              // Each record continues the trace its producer started (trace context in the record headers).
              await inSpan(
                `${binding.name} process`,
                { kind: SpanKind.CONSUMER, parent: contextFromHeaders(headers), attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.destination.partition.id': String(partition), 'messaging.kafka.offset': Number(message.offset), 'messaging.kafka.message.key': message.key?.toString() ?? '', 'messaging.consumer.group.name': binding.groupId } },
                () => spec.handle({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value, headers, timestamp: message.timestamp }),
              );
              observer?.processed(binding.name, { handleMs: performance.now() - handleStarted, ageMs: Math.max(0, Date.now() - Number(message.timestamp)) });
            }
            return;
          } catch (error) {
            if (error instanceof Stopping) throw error;
            const kind = classifyFailure(error);
            if (pendingDeadLetter === undefined && kind === 'poison') {
              pendingDeadLetter = { error, attempts: outages + bugs + 1 };
              continue;
            }
            if (pendingDeadLetter === undefined && kind === 'bug' && ++bugs >= bugAttempts) {
              pendingDeadLetter = { error, attempts: outages + bugs };
              continue;
            }
            const attempt = kind === 'outage' ? ++outages : bugs;
            if (kind === 'outage' && !resume) {
              resume = payload.pause();
              observer?.held(binding.name, true);
            }
            observer?.retried(binding.name, kind);
            const delay = backoffMs(attempt, spec.retryPolicy);
            log[attempt === 1 || attempt % 10 === 0 ? 'warn' : 'debug']({ partition, offset: message.offset, kind, attempt, delay, err: error }, kind === 'outage' ? 'dependency unavailable; partition held, retrying' : 'handler failed; retrying');
            await sleep(delay, stopping.signal);
            // Keeps the membership while we wait; throws when the group rebalances, so the new owner gets the message.
            await payload.heartbeat();
          }
        }
      } finally {
        if (resume) {
          resume();
          observer?.held(binding.name, false);
        }
      }
    },
  });
  log.info('consumer running');
  return {
    name: binding.name,
    async stop() {
      stopping.abort();
      await consumer.disconnect();
    },
  };
}
