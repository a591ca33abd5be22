import type { Consumer, Kafka } from 'kafkajs';

/** Reads a topic from the beginning (read_committed) into memory while the run goes on. */
export class TopicCollector<T> {
  readonly records: Array<{ value: T; partition: number; offset: string }> = [];
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
        if (message.value === null) return;
        this.records.push({ value: await this.decode(message.value), partition, offset: message.offset });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
