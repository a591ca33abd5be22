import type { Kafka, Producer } from 'kafkajs';
import { retriable } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

/** The transactional producer of one input partition and the ownership epoch its owner claimed. */
export interface OwnedProducer {
  readonly producer: Producer;
  readonly epoch: number;
}

export interface PartitionOwnership {
  /** The producer of a partition this process owns; a retriable error while it is not (yet) owned. */
  forPartition(topic: string, partition: number): Promise<OwnedProducer>;
  /** The broker fenced this producer: a newer owner of the partition initialised the same transactional id. */
  fenced(topic: string, partition: number, owned: OwnedProducer): void;
}

/** A single producer owning every partition: for tests and tools that publish from one place. */
export function soleOwner(producer: Producer, epoch = 1): PartitionOwnership {
  return { forPartition: () => Promise.resolve({ producer, epoch }), fenced: () => undefined };
}

/** After a fence, how long a partition waits before its producer is made again: a zombie's heartbeat fails first and it rejoins. */
const FENCE_SETTLE_MS = 10_000;

interface Entry {
  owned: Promise<OwnedProducer>;
  fencedAt?: number;
}

/**
 * The pre-KIP-447 zombie fence: one transactional producer per input partition, its transactional id
 * `<prefix>-<topic>-<partition>`, made when the group assigns the partition. Initialising it bumps
 * the id's epoch on the broker, which aborts the previous owner's open transaction and fails its
 * later ones, so a publisher that stalled through a rebalance can never commit again. Each new owner
 * also claims the partition's ownership epoch in Redis, which fences the publisher snapshots.
 */
export class PartitionProducers implements PartitionOwnership {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly kafka: Kafka,
    private readonly transactionalIdPrefix: string,
    private readonly claimEpoch: (topic: string, partition: number) => Promise<number>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  static transactionalId(prefix: string, topic: string, partition: number): string {
    return `${prefix}-${topic}-${partition}`;
  }

  /**
   * The group's assignment to this member (kafkajs GROUP_JOIN, after every rebalance). Every assigned
   * partition gets a freshly initialised producer, even one this member held before: it may have been
   * evicted meanwhile, and another owner may have initialised the id since.
   */
  assign(assignment: Readonly<Record<string, readonly number[]>>): void {
    for (const entry of this.entries.values()) this.release(entry);
    this.entries.clear();
    const partitions = Object.entries(assignment).flatMap(([topic, assigned]) => assigned.map((partition) => ({ topic, partition })));
    for (const { topic, partition } of partitions) this.entries.set(`${topic}/${partition}`, { owned: this.acquire(topic, partition) });
    this.logger.info({ partitions: partitions.map(({ topic, partition }) => `${topic}/${partition}`) }, 'publisher partitions assigned');
  }

  async forPartition(topic: string, partition: number): Promise<OwnedProducer> {
    const key = `${topic}/${partition}`;
    const entry = this.entries.get(key);
    if (!entry) throw retriable('partition_not_owned', `this publisher does not own ${key} (a rebalance is under way)`);
    if (entry.fencedAt !== undefined) {
      if (this.now() - entry.fencedAt < FENCE_SETTLE_MS) throw retriable('publisher_fenced', `the producer of ${key} was fenced by a newer owner`);
      // Still a member after the settle time: the fence was an expired transaction, not a new owner.
      this.entries.set(key, { owned: this.acquire(topic, partition) });
      return this.forPartition(topic, partition);
    }
    try {
      return await entry.owned;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.set(key, { owned: this.acquire(topic, partition) });
      throw retriable('publisher_producer_unavailable', `the transactional producer of ${key} could not be initialised`, error);
    }
  }

  fenced(topic: string, partition: number, owned: OwnedProducer): void {
    const key = `${topic}/${partition}`;
    const entry = this.entries.get(key);
    this.logger.warn({ topic, partition, epoch: owned.epoch }, 'publisher producer fenced by a newer owner of the partition');
    void owned.producer.disconnect().catch(() => undefined);
    if (entry) entry.fencedAt = this.now();
  }

  async stop(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map(async (entry) => (await entry.owned.catch(() => undefined))?.producer.disconnect()));
  }

  private async acquire(topic: string, partition: number): Promise<OwnedProducer> {
    const producer = this.kafka.producer({ transactionalId: PartitionProducers.transactionalId(this.transactionalIdPrefix, topic, partition), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // kafkajs initialises the transactional id lazily, at the first transaction: do it now, at
    // assignment, so the broker fences the previous owner before we read a message. Left lazy, a zombie
    // would initialise after the new owner and fence it instead. (An empty transaction sends no EndTxn.)
    const empty = await producer.transaction();
    await empty.abort();
    const epoch = await this.claimEpoch(topic, partition);
    this.logger.info({ topic, partition, epoch }, 'publisher owns the partition');
    return { producer, epoch };
  }

  private release(entry: Entry): void {
    void entry.owned.then((owned) => owned.producer.disconnect()).catch(() => undefined);
  }
}

const FENCE_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);

/** A kafkajs error (or one in its cause chain) saying a newer producer with our transactional id exists. */
export function isProducerFenced(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 16; current = (current as { cause?: unknown }).cause, depth++) {
    const { type, code, message } = current as { type?: unknown; code?: unknown; message?: unknown };
    if (typeof type === 'string' && FENCE_TYPES.has(type)) return true;
    // 47 INVALID_PRODUCER_EPOCH, 90 PRODUCER_FENCED (newer brokers; kafkajs 2.2 does not name it).
    if (code === 47 || code === 90) return true;
    if (typeof message === 'string' && /fenced|old epoch/i.test(message)) return true;
  }
  return false;
}
