import type { Producer } from 'kafkajs';
import type { AvroCodec } from '../../contracts/avro-codec.ts';
import type { Submission } from '../../contracts/types.generated.ts';
import { traceHeaders } from '../../shared/tracing/tracing.ts';
import { kafkaWriteFailure, RECORD_COMPRESSION } from '../../shared/kafka/message-limits.ts';

export interface WrittenRecord {
  readonly partition: number;
  readonly offset: string;
}

/** Where submissions are written; resolved means durably in the log. */
export interface SubmissionLog {
  publish(submission: Submission): Promise<WrittenRecord>;
}

/** Writes submissions with acks=all on an idempotent producer, compressed. */
export class SubmissionPublisher implements SubmissionLog {
  constructor(
    private readonly producer: Producer,
    private readonly codec: AvroCodec<Submission>,
    private readonly topic: string,
  ) {}

  async publish(submission: Submission): Promise<WrittenRecord> {
    try {
      const [meta] = await this.producer.send({
        topic: this.topic,
        acks: -1,
        compression: RECORD_COMPRESSION,
        messages: [
          {
            key: `${submission.providerId}:${submission.article.providerItemId}`,
            value: this.codec.encode(submission),
            headers: { 'storyline-submission-id': submission.submissionId, 'storyline-provider': submission.providerId, 'storyline-format': submission.article.raw.format, ...traceHeaders() },
          },
        ],
      });
      return { partition: meta?.partition ?? 0, offset: meta?.baseOffset ?? '-1' };
    } catch (error) {
      throw kafkaWriteFailure('kafka_write_failed', 'Kafka did not acknowledge the submission', error);
    }
  }
}
