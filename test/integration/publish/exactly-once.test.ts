import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import avro from 'avsc';
import type { Producer, Transaction } from 'kafkajs';
import { codecFor } from '../../../services/contracts/avro-codec.ts';
import type { Story, StoryUpdate } from '../../../services/contracts/types.generated.ts';
import { publicTopicCodec } from '../../../services/consumer/storyline-consumer.ts';
import { recordStoryEvents, storyEvent } from '../../../services/domain/story/index.ts';
import { PublicTopicsPublisher } from '../../../services/publish/public-topics-publisher.ts';
import { PublisherSnapshots } from '../../../services/publish/publisher-snapshots.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { openedWith } from '../../unit/domain/story-event-builders.ts';
import { anEnrichment } from '../../unit/domain/story-fixtures.ts';
import { testPlatform } from '../../support/platform.ts';
import { header, readUntil } from '../../support/topic-reader.ts';
import { runId } from '../../support/run-id.ts';
import { article } from './support.ts';

let platform: Platform;
let producer: Producer;

/** A producer whose next transaction sends its records and then fails to commit, as a crash mid-transaction would. */
function failingOnce(real: Producer): Producer {
  let failed = false;
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property !== 'transaction' || failed) return Reflect.get(target, property, receiver) as unknown;
      return async () => {
        failed = true;
        const transaction = await target.transaction();
        return new Proxy(transaction, {
          get: (tx, p, r) => (p === 'commit' ? () => Promise.reject(new Error('broker went away')) : (Reflect.get(tx, p, r) as unknown)),
        }) satisfies Transaction;
      };
    },
  });
}

describe('public topics exactly once (real Kafka and Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    producer = platform.kafka.producer({ transactionalId: runId('eo-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await platform?.close();
  });

  it('a failed transaction leaves nothing visible, and its retry publishes each change once with the same content', async () => {
    const codecs = {
      story: await codecFor<Story>(platform.catalog, platform.registry, platform.topics.stories),
      update: await codecFor<StoryUpdate>(platform.catalog, platform.registry, platform.topics.storyUpdates),
    };
    const snapshots = new PublisherSnapshots(platform.redis);
    const storyId = runId('story');
    const a1 = article(runId('prov'), 'eo-1', 1);
    const events = recordStoryEvents(openedWith('s1', a1), { storyId, afterSequence: 0, occurredAt: Date.now(), recordedAt: Date.now(), causationId: 's1', correlationId: null, producer: 'test' });
    const group = runId('eo-group');
    const position = (i: number) => ({ topic: platform.topics.storyEvents.name, partition: 0, offset: String(1000 + i) });
    const flaky = new PublicTopicsPublisher(failingOnce(producer), codecs, platform.topics, snapshots, group, platform.logger);
    const healthy = new PublicTopicsPublisher(producer, codecs, platform.topics, snapshots, group, platform.logger);

    for (const [i, event] of events.slice(0, 3).entries()) expect(await healthy.handle(event, position(i))).toBe('no-change');
    const publishing = events[3]!;
    await expect(flaky.handle(publishing, position(3))).rejects.toMatchObject({ code: 'publish_transaction_failed', disposition: 'retriable' });
    expect(await healthy.handle(publishing, position(3))).toBe('published');
    expect(await healthy.handle(publishing, position(3))).toBe('already-published');
    expect(await healthy.handle(events[1]!, position(1))).toBe('already-published');

    // A later change of the same story goes to the same partition: once it is read, any duplicate of the first would have been.
    const [marker] = recordStoryEvents([storyEvent('VersionEnriched', { signalId: 'e1', providerVersion: 1, contentHash: a1.contentHash, enricherVersion: 'nlp@1', enrichment: anEnrichment() })], { storyId, afterSequence: 4, occurredAt: Date.now(), recordedAt: Date.now(), causationId: 'e1', correlationId: null, producer: 'test' });
    expect(await healthy.handle(marker!, position(4))).toBe('published');
    const updates = (await readUntil(platform.kafka, platform.topics.storyUpdates.name, (ms) => ms.some((m) => header(m, 'storyline-update-id') === marker!.eventId))).filter((m) => m.key?.toString() === storyId);
    expect(updates.map((m) => header(m, 'storyline-update-id'))).toEqual([publishing.eventId, marker!.eventId]);
    expect(await codecs.update.decode(updates[0]!.value!)).toMatchObject({ reason: 'NEW', sequence: publishing.sequence, story: { storyId } });
    const admin = platform.kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [platform.topics.storyEvents.name] });
    await admin.disconnect();
    // The consumed offset committed in the same transaction as the records: the next to read is 1005.
    expect(committed?.partitions.find((p) => p.partition === 0)?.offset).toBe('1005');
  });

  it('the consumer codec reads records written with an older Story schema (schema evolution)', async () => {
    const current = platform.catalog.type('storyline.v1.Story').schema() as { fields: Array<{ name: string }> };
    const older = { ...current, fields: current.fields.filter((f) => f.name !== 'publishedVersions' && f.name !== 'related') };
    const subject = `${runId('evolution')}-value`;
    const id = await platform.registry.register(subject, JSON.stringify(older));
    const writer = avro.Type.forSchema(older as avro.Schema);
    const value = writer.fromBuffer(platform.catalog.type('storyline.v1.Story').toBuffer(sampleStory()), writer.createResolver(platform.catalog.type('storyline.v1.Story')));
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), writer.toBuffer(value)]);
    framed.writeInt32BE(id, 1);
    const decoded = await publicTopicCodec('stories.v1', platform.catalog, platform.registry).decode(framed);
    expect(decoded).toMatchObject({ storyId: 'evolved', related: [], publishedVersions: [] });
  });
});

function sampleStory(): Story {
  const a = article('evo', 'evo-1', 1);
  return { storyId: 'evolved', sequence: 4, version: 1, correction: false, firstPublishedAt: 1, publishedAt: 1, article: a, enrichment: null, enricherVersion: null, related: [], facets: { provider: 'evo', subjects: [], places: [], people: [], organisations: [] }, publishedVersions: [1] };
}
