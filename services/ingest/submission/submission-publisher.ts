import type { Producer } from 'kafkajs';
import type { AvroCodec } from '../../contracts/avro-codec.ts';
import type { Submission } from '../../contracts/types.generated.ts';
import { retriable } from '../../shared/errors.ts';

/** Writes submissions with acks=all on an idempotent producer: resolved means durably in the log. */
export class SubmissionPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly codec: AvroCodec<Submission>,
    private readonly topic: string,
  ) {}

  async publish(submission: Submission): Promise<{ partition: number; offset: string }> {
    try {
      const [meta] = await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: [
          {
            key: `${submission.providerId}:${submission.article.providerItemId}`,
            value: this.codec.encode(submission),
            headers: { 'storyline-submission-id': submission.submissionId, 'storyline-provider': submission.providerId, 'storyline-format': submission.article.raw.format },
          },
        ],
      });
      return { partition: meta?.partition ?? 0, offset: meta?.baseOffset ?? '-1' };
    } catch (error) {
      throw retriable('kafka_write_failed', 'Kafka did not acknowledge the submission', error);
    }
  }
}
