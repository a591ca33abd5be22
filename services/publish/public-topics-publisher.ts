import { traceHeaders } from '../shared/tracing/tracing.ts';
import type { AvroCodec } from '../contracts/avro-codec.ts';
import type { TopicCatalogue } from '../contracts/topics.ts';
import type { Story, StoryUpdate } from '../contracts/types.generated.ts';
import type { RecordedStoryEvent } from '../domain/story/index.ts';
import { retriable } from '../shared/errors.ts';
import { kafkaWriteFailure, RECORD_COMPRESSION } from '../shared/kafka/message-limits.ts';
import type { Logger } from '../shared/logger.ts';
import { isProducerFenced, type OwnedProducer, type PartitionOwnership } from './partition-producers.ts';
import type { PublisherSnapshots } from './publisher-snapshots.ts';
import { routingHeaders, storyOfChange, storyUpdateOf } from './story-update.ts';
import { applyEvent, type ViewChange } from './story-view.ts';

export interface ConsumedPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface PublicCodecs {
  readonly story: AvroCodec<Story>;
  readonly update: AvroCodec<StoryUpdate>;
}

export type PublishOutcome = 'published' | 'no-change' | 'already-published';

/**
 * Writes stories.v1 and story-updates.v1 exactly once per change: consume-transform-produce in one
 * Kafka transaction (both records and the consumed offset commit together, read_committed readers
 * never see an aborted attempt), with the view the records are computed from kept in Redis per story
 * as a high-water mark. A retried event recomputes from the view before it, so the records of a
 * retried transaction are identical; a replayed event at or below the mark is a no-op.
 */
export class PublicTopicsPublisher {
  constructor(
    private readonly ownership: PartitionOwnership,
    private readonly codecs: PublicCodecs,
    private readonly topics: Pick<TopicCatalogue, 'stories' | 'storyUpdates'>,
    private readonly snapshots: PublisherSnapshots,
    private readonly consumerGroupId: string,
    private readonly logger: Logger,
  ) {}

  async handle(event: RecordedStoryEvent, position: ConsumedPosition): Promise<PublishOutcome> {
    const owned = await this.ownership.forPartition(position.topic, position.partition);
    const snapshot = await this.snapshots.load(event.storyId);
    if (event.sequence <= snapshot.committed || event.sequence < snapshot.seq) return 'already-published';
    // Events of one story arrive in order on one partition: reaching seq+1 means seq's transaction committed.
    const retry = event.sequence === snapshot.seq;
    const base = retry ? snapshot.prevView : snapshot.view;
    const committed = retry ? snapshot.committed : snapshot.seq;
    const { view, change } = applyEvent(base, event);
    await this.snapshots.save(event.storyId, snapshot.seq, { seq: event.sequence, view, prevView: base, committed, owner: owned.epoch });
    if (change) await this.produce(owned, event, change, position);
    await this.snapshots.markCommitted(event.storyId, event.sequence);
    if (change) this.logger.info({ storyId: event.storyId, sequence: event.sequence, kind: change.kind, ...position }, 'story change published');
    return change ? 'published' : 'no-change';
  }

  private async produce(owned: OwnedProducer, event: RecordedStoryEvent, change: ViewChange, position: ConsumedPosition): Promise<void> {
    const update = storyUpdateOf(change, event);
    const headers = { ...routingHeaders(update, event, storyOfChange(change)), ...traceHeaders() };
    let transaction;
    try {
      transaction = await owned.producer.transaction();
    } catch (error) {
      throw this.failure(owned, event, position, error);
    }
    try {
      await transaction.send({
        topic: this.topics.stories.name,
        compression: RECORD_COMPRESSION,
        messages: [{ key: event.storyId, value: change.kind === 'killed' ? null : this.codecs.story.encode(change.story), headers }],
      });
      await transaction.send({ topic: this.topics.storyUpdates.name, compression: RECORD_COMPRESSION, messages: [{ key: event.storyId, value: this.codecs.update.encode(update), headers }] });
      await transaction.sendOffsets({
        consumerGroupId: this.consumerGroupId,
        topics: [{ topic: position.topic, partitions: [{ partition: position.partition, offset: String(BigInt(position.offset) + 1n) }] }],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw this.failure(owned, event, position, error);
    }
  }

  private failure(owned: OwnedProducer, event: RecordedStoryEvent, position: ConsumedPosition, error: unknown): Error {
    if (!isProducerFenced(error)) return kafkaWriteFailure('publish_transaction_failed', `could not publish ${event.eventId} to the public topics`, error);
    this.ownership.fenced(position.topic, position.partition, owned);
    return retriable('publisher_fenced', `a newer owner of ${position.topic}/${position.partition} fenced this publisher; ${event.eventId} is theirs to publish`, error);
  }
}
