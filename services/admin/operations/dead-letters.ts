import type { Redis } from 'ioredis';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { AvroCodec } from '../../contracts/avro-codec.ts';
import type { TopicCatalogue } from '../../contracts/topics.ts';
import type { DeadLetter } from '../../contracts/types.generated.ts';
import type { ConsumerDeclaration } from '../../shared/platform/consumer-declaration.ts';
import { REDRIVE_FOR, REDRIVE_OF } from '../../shared/kafka/redrive-headers.ts';
import { partitionBounds } from '../kafka/topic-positions.ts';
import { readRanges, type RangeRecord } from '../kafka/topic-range-reader.ts';

/** A dead letter's id: `<consumer>:<offset>` on the consumer's (single-partition) dead-letter topic. */
export interface DeadLetterId {
  readonly consumer: string;
  readonly offset: string;
}

export function parseDeadLetterId(text: string): DeadLetterId | undefined {
  const match = /^([a-z][a-z0-9-]{0,62}):(\d{1,19})$/.exec(text);
  return match ? { consumer: match[1]!, offset: match[2]! } : undefined;
}

export interface DeadLetterSummary {
  readonly id: string;
  readonly consumer: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly key: string | null;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly failedAt: string;
  /** When and by whom it was re-driven, if it was. */
  readonly redriven: RedriveMark | null;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  readonly headers: Readonly<Record<string, string>>;
  /** The original bytes, base64. */
  readonly value: string | null;
}

export interface RedriveMark {
  readonly at: string;
  readonly by: string;
  readonly to: string;
}

/** Re-drive marks: one field per dead letter, set once (HSETNX), so a dead letter is re-driven at most once. */
export const REDRIVE_MARKS = 'sl:ops:{redriven}';

export interface DeadLetterDeps {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly redis: Redis;
  readonly topics: TopicCatalogue;
  readonly consumers: readonly ConsumerDeclaration[];
  readonly codec: AvroCodec<DeadLetter>;
  readonly producer: Producer;
}

export class UnknownConsumerError extends Error {
  readonly code = 'unknown_consumer';
}

export class DeadLetters {
  constructor(private readonly deps: DeadLetterDeps) {}

  private declaration(consumer: string): ConsumerDeclaration {
    const found = this.deps.consumers.find((c) => c.name === consumer);
    if (!found) throw new UnknownConsumerError(`no consumer ${consumer}; known: ${this.deps.consumers.map((c) => c.name).join(', ')}`);
    return found;
  }

  /** The newest `limit` dead letters of each consumer (or of one), oldest first. */
  async list(options: { consumer?: string; limit: number }): Promise<DeadLetterSummary[]> {
    const consumers = options.consumer ? [this.declaration(options.consumer)] : this.deps.consumers;
    const existing = new Set(await this.deps.admin.listTopics());
    const found: DeadLetterDetail[] = [];
    for (const consumer of consumers) {
      const topic = this.deps.topics.deadLetter(consumer.name).name;
      if (!existing.has(topic)) continue;
      const bounds = await partitionBounds(this.deps.admin, topic);
      const ranges = bounds.map((b) => {
        const from = BigInt(b.high) - BigInt(options.limit);
        return { partition: b.partition, from: String(from > BigInt(b.low) ? from : BigInt(b.low)), to: b.high };
      });
      await readRanges(this.deps.kafka, topic, ranges, async (records) => {
        for (const record of records) found.push(await this.detail(consumer.name, record));
        return 'more';
      }, { groupPrefix: this.deps.topics.prefix, idleMs: 5_000 });
    }
    return found.map(({ headers: _h, value: _v, ...summary }) => summary);
  }

  async show(id: DeadLetterId): Promise<DeadLetterDetail | null> {
    this.declaration(id.consumer);
    const topic = this.deps.topics.deadLetter(id.consumer).name;
    const bounds = await partitionBounds(this.deps.admin, topic).catch(() => []);
    const partition = bounds.find((b) => BigInt(b.low) <= BigInt(id.offset) && BigInt(id.offset) < BigInt(b.high));
    if (!partition) return null;
    let found: DeadLetterDetail | null = null;
    await readRanges(this.deps.kafka, topic, [{ partition: partition.partition, from: id.offset, to: String(BigInt(id.offset) + 1n) }], async (records) => {
      const record = records.find((r) => r.offset === id.offset);
      if (record) found = await this.detail(id.consumer, record);
      return 'stop';
    }, { groupPrefix: this.deps.topics.prefix, idleMs: 5_000 });
    return found;
  }

  /**
   * Produces the original bytes, key and headers back onto the source topic, addressed to the one
   * consumer that gave up (REDRIVE_FOR), after claiming the dead letter's re-drive mark: a second
   * re-drive of the same dead letter is refused, so it is processed once more, not twice.
   */
  async redrive(id: DeadLetterId, actor: string, dryRun: boolean): Promise<RedriveOutcome> {
    const letter = await this.show(id);
    if (!letter) return { kind: 'not-found', id: `${id.consumer}:${id.offset}` };
    if (letter.redriven) return { kind: 'already-redriven', letter };
    const to = `${letter.sourceTopic}`;
    if (dryRun) return { kind: 'would-redrive', letter, to };
    const mark: RedriveMark = { at: new Date().toISOString(), by: actor, to };
    const claimed = await this.deps.redis.hsetnx(REDRIVE_MARKS, letter.id, JSON.stringify(mark));
    if (claimed !== 1) return { kind: 'already-redriven', letter: { ...letter, redriven: await this.mark(letter.id) } };
    try {
      const deadLetterTopic = this.deps.topics.deadLetter(id.consumer).name;
      await this.deps.producer.send({
        topic: letter.sourceTopic,
        acks: -1,
        messages: [
          {
            key: letter.key,
            value: letter.value === null ? null : Buffer.from(letter.value, 'base64'),
            headers: { ...letter.headers, [REDRIVE_FOR]: id.consumer, [REDRIVE_OF]: `${deadLetterTopic}/0/${id.offset}` },
          },
        ],
      });
    } catch (error) {
      await this.deps.redis.hdel(REDRIVE_MARKS, letter.id);
      throw error;
    }
    return { kind: 'redriven', letter: { ...letter, redriven: mark }, to };
  }

  private async mark(id: string): Promise<RedriveMark | null> {
    const raw = await this.deps.redis.hget(REDRIVE_MARKS, id);
    return raw ? (JSON.parse(raw) as RedriveMark) : null;
  }

  private async detail(consumer: string, record: RangeRecord): Promise<DeadLetterDetail> {
    const letter = await this.deps.codec.decode(record.value ?? Buffer.alloc(0));
    const id = `${consumer}:${record.offset}`;
    return {
      id,
      consumer,
      sourceTopic: letter.sourceTopic,
      sourcePartition: letter.sourcePartition,
      sourceOffset: letter.sourceOffset,
      key: letter.key ? letter.key.toString() : null,
      errorCode: letter.errorCode,
      errorMessage: letter.errorMessage,
      failedAt: new Date(letter.failedAt).toISOString(),
      redriven: await this.mark(id),
      headers: letter.headers,
      value: letter.value ? letter.value.toString('base64') : null,
    };
  }
}

export type RedriveOutcome =
  | { readonly kind: 'redriven'; readonly letter: DeadLetterDetail; readonly to: string }
  | { readonly kind: 'would-redrive'; readonly letter: DeadLetterDetail; readonly to: string }
  | { readonly kind: 'already-redriven'; readonly letter: DeadLetterDetail }
  | { readonly kind: 'not-found'; readonly id: string };
