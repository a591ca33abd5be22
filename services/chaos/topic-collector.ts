import type { Consumer, Kafka } from 'kafkajs';

export interface CollectedRecord<T> {
  readonly key: string | null;
  /** null: a tombstone */
  readonly value: T | null;
  readonly partition: number;
  readonly offset: string;
}

/** Reads a topic from the beginning (read_committed) into memory while the run goes on, tombstones included. */
export class TopicCollector<T> {
  readonly records: Array<CollectedRecord<T>> = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly decode: (bytes: Buffer) => Promise<T>,
  ) {}

  async start(groupId: string): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId, readUncommitted: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = message.value === null ? null : await this.decode(message.value);
        this.records.push({ key: message.key?.toString() ?? null, value, partition, offset: message.offset });
      },
    });
  }

  /** The records that carry a value, in the order read. */
  values(): Array<CollectedRecord<T> & { readonly value: T }> {
    return this.records.filter((r): r is CollectedRecord<T> & { value: T } => r.value !== null);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
