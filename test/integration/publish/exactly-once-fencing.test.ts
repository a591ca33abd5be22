import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaMessage, Producer } from 'kafkajs';
import { codecFor } from '../../../services/contracts/avro-codec.ts';
import { storyEvent, type AvroStoryEvent } from '../../../services/domain/story/index.ts';
import { startPublisherService, type PublishService } from '../../../services/publish/publish-service.ts';
import { PublisherSnapshots, type PublisherSnapshot } from '../../../services/publish/publisher-snapshots.ts';
import { initialView } from '../../../services/publish/story-view.ts';
import { ensureTopics } from '../../../services/shared/kafka/topic-admin.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { openedWith } from '../../unit/domain/story-event-builders.ts';
import { anEnrichment } from '../../unit/domain/story-fixtures.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { header, readUntil } from '../../support/topic-reader.ts';
import { article, eventually, StoryLog } from './support.ts';

let platform: Platform;
let producer: Producer;
const started: PublishService[] = [];

/** Snapshots that stall one publisher right after it prepared a chosen event, as a GC pause or a frozen VM would. */
class StallingSnapshots extends PublisherSnapshots {
  claims = 0;
  private stallOn: { storyId: string; seq: number } | undefined;
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  private signalStalled!: () => void;
  readonly stalled = new Promise<void>((resolve) => (this.signalStalled = resolve));

  stallAfterSaving(storyId: string, seq: number): void {
    this.stallOn = { storyId, seq };
  }

  resume(): void {
    this.release();
  }

  override async save(storyId: string, expectedSeq: number, next: PublisherSnapshot): Promise<void> {
    await super.save(storyId, expectedSeq, next);
    if (this.stallOn?.storyId === storyId && this.stallOn.seq === next.seq) {
      this.stallOn = undefined;
      this.signalStalled();
      await this.released;
    }
  }

  override async claimOwnership(topic: string, partition: number): Promise<number> {
    this.claims++;
    return super.claimOwnership(topic, partition);
  }
}

describe('zombie publisher fencing (real Kafka and Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    for (const service of started) await service.stop().catch(() => undefined);
    await producer?.disconnect();
    await platform?.close();
  });

  it("refuses a stale owner's snapshot write, even one that looks like its own retry (seq == snapshot.seq)", async () => {
    const snapshots = new PublisherSnapshots(platform.redis);
    const storyId = runId('fence-story');
    const view = initialView(storyId);
    const topic = runId('fence-topic');
    const stale = await snapshots.claimOwnership(topic, 0);
    const current = await snapshots.claimOwnership(topic, 0);
    expect(current).toBe(stale + 1);
    await snapshots.save(storyId, 0, { seq: 4, view, prevView: view, committed: 3, owner: current });
    await expect(snapshots.save(storyId, 4, { seq: 4, view, prevView: view, committed: 3, owner: stale })).rejects.toMatchObject({ code: 'publisher_fenced' });
    await snapshots.save(storyId, 4, { seq: 4, view, prevView: view, committed: 3, owner: current });
    expect(await snapshots.load(storyId)).toMatchObject({ seq: 4, owner: current });
  });

  it('a publisher that stalls through a forced rebalance is fenced: every update on story-updates.v1 (read_committed) exactly once, in order', async () => {
    const name = runId('pub-zombie');
    const input = `${name}.events`;
    const admin = platform.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: input, partitions: 3, cleanupPolicy: 'delete', retentionMs: 3_600_000 }]);
    await admin.disconnect();
    const declaration = { name, input: () => input, description: 'zombie fencing test publisher' };
    const codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
    const provider = runId('prov');
    const logs = Array.from({ length: 6 }, (_, i) => new StoryLog(runId(`zombie-${i}`), producer, codec, input));
    const enriched = (log: StoryLog, round: number) =>
      log.append([storyEvent('VersionEnriched', { signalId: `e${round}`, providerVersion: 1, contentHash: `${log.storyId}-1`, enricherVersion: `nlp@${round}`, enrichment: anEnrichment() })]);
    for (const [i, log] of logs.entries()) {
      await log.append(openedWith(`s-${i}`, article(provider, log.storyId, 1, { contentHash: `${log.storyId}-1` })));
      await enriched(log, 1);
    }
    const victim = logs[0]!;
    const publishing = victim.written[3]!.event;

    const zombieSnapshots = new StallingSnapshots(platform.redis);
    zombieSnapshots.stallAfterSaving(victim.storyId, publishing.sequence);
    const zombie = await startPublisherService(platform, { declaration, snapshots: zombieSnapshots, sessionTimeoutMs: 6_000 });
    started.push(zombie);
    await zombieSnapshots.stalled;

    // A second publisher joins; the stalled one sends no heartbeat, its session expires and the group rebalances without it.
    const healthySnapshots = new StallingSnapshots(platform.redis);
    started.push(await startPublisherService(platform, { declaration, snapshots: healthySnapshots, sessionTimeoutMs: 6_000 }));
    const ours = new Set(logs.map((log) => log.storyId));
    const updatesOf = (messages: KafkaMessage[]) => messages.filter((m) => ours.has(m.key?.toString() ?? ''));
    const idsOf = (messages: KafkaMessage[]) => updatesOf(messages).map((m) => header(m, 'storyline-update-id'));
    await readUntil(platform.kafka, platform.topics.storyUpdates.name, (ms) => new Set(idsOf(ms)).size >= 12, 90_000);
    expect(healthySnapshots.claims).toBe(3);

    // The zombie wakes up with its prepared event, tries to publish it, is fenced, and rejoins the group.
    zombieSnapshots.resume();
    await eventually(() => Promise.resolve(zombieSnapshots.claims > 3), 'the zombie to rejoin and own partitions again', 90_000);
    for (const log of logs) await enriched(log, 2);

    const updates = updatesOf(await readUntil(platform.kafka, platform.topics.storyUpdates.name, (ms) => new Set(idsOf(ms)).size >= 18, 90_000));
    const ids = updates.map((m) => header(m, 'storyline-update-id'));
    expect(ids).toHaveLength(18);
    expect(new Set(ids).size).toBe(18);
    for (const log of logs) {
      const sequences = updates.filter((m) => m.key?.toString() === log.storyId).map((m) => Number(header(m, 'storyline-sequence')));
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(sequences).toHaveLength(3);
    }
    expect(ids.filter((id) => id === publishing.eventId)).toHaveLength(1);
    const stories = (await readUntil(platform.kafka, platform.topics.stories.name, (ms) => updatesOf(ms).length >= 18, 60_000)).filter((m) => ours.has(m.key?.toString() ?? ''));
    expect(new Set(stories.map((m) => header(m, 'storyline-update-id'))).size).toBe(stories.length);
  }, 240_000);
});
