import { Context } from '@temporalio/activity';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { AvroCodec } from '../../services/contracts/avro-codec.ts';
import type { TopicCatalogue } from '../../services/contracts/topics.ts';
import type { Submission } from '../../services/contracts/types.generated.ts';
import type { RecordedStoryEvent } from '../../services/domain/story/index.ts';
import { partitionForKey } from '../../services/admin/kafka/key-partition.ts';
import { offsetsOf, toPositionSpec } from '../../services/admin/kafka/position-input.ts';
import { resolvePosition } from '../../services/admin/kafka/topic-positions.ts';
import type { RangeRecord } from '../../services/admin/kafka/topic-range-reader.ts';
import { reenrichBatch, type ReenrichDeps } from '../../services/admin/replays/enrichment-replay.ts';
import { reparseBatch, type PositionedSubmission, type ReparseDeps } from '../../services/admin/replays/parse-replay.ts';
import { republishBatch, type PositionedEvent, type RepublishDeps } from '../../services/admin/replays/public-topics-replay.ts';
import { dropReplayKeys, replayKeys } from '../../services/admin/replays/replay-state.ts';
import { addTally, EMPTY_TALLY, type Offsets, type PositionInput, type ReplayTally, type ReplayTarget } from './operations-signals.ts';
import { readSpan } from './read-span.ts';

export interface ReplayActivityDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly topics: Pick<TopicCatalogue, 'prefix' | 'storyEvents' | 'submissions' | 'stories' | 'storyUpdates'>;
  readonly decodeEvent: (bytes: Buffer) => Promise<RecordedStoryEvent>;
  readonly submissions: AvroCodec<Submission>;
  readonly republish: Omit<RepublishDeps, 'redis' | 'topics'>;
  readonly reenrich: Omit<ReenrichDeps, 'redis'>;
  readonly reparse: Omit<ReparseDeps, 'redis'>;
}

const heartbeat = (read: number) => Context.current().heartbeat({ read });

export function createReplayActivities(deps: ReplayActivityDeps) {
  const sourceTopic = (target: ReplayTarget) => (target === 'parse' ? deps.topics.submissions.name : deps.topics.storyEvents.name);

  /** Decodes story events of a batch; one that does not decode is every consumer's dead letter, and the replay's skip. */
  const storyEvents = async (records: readonly RangeRecord[], only: ReadonlySet<string> | null): Promise<PositionedEvent[]> => {
    const events: PositionedEvent[] = [];
    for (const record of records) {
      if (only && !only.has(record.key?.toString() ?? '')) continue;
      const event = await deps.decodeEvent(record.value ?? Buffer.alloc(0)).catch(() => null);
      if (event) events.push({ event, partition: record.partition, offset: record.offset });
    }
    return events;
  };

  return {
    /**
     * Resolves where the replay reads: re-publishing folds every story from the start of the log and
     * publishes from `from`; the others read from `from`. `stories` narrows story.events.v1 to their partitions.
     */
    async planReplay(input: { replayId: string; target: ReplayTarget; from: PositionInput; to: PositionInput | null; stories: readonly string[] | null }): Promise<{ start: Offsets; end: Offsets; publishFrom: Offsets }> {
      const topic = sourceTopic(input.target);
      const admin = deps.kafka.admin();
      await admin.connect();
      try {
        const from = await resolvePosition(admin, topic, toPositionSpec(input.from), 'earliest');
        const end = await resolvePosition(admin, topic, input.to ? toPositionSpec(input.to) : { kind: 'latest' }, 'latest');
        const start = input.target === 'public-topics' ? await resolvePosition(admin, topic, { kind: 'earliest' }, 'earliest') : new Map(from);
        for (const [p, e] of end) if (BigInt(e) < BigInt(from.get(p) ?? e)) end.set(p, from.get(p)!);
        if (input.stories && input.target !== 'parse') {
          const partitions = new Set(input.stories.map((id) => partitionForKey(topic, id, end.size)));
          for (const p of end.keys()) if (!partitions.has(p)) start.set(p, end.get(p)!);
        }
        return { start: offsetsOf(start), end: offsetsOf(end), publishFrom: offsetsOf(from) };
      } finally {
        await admin.disconnect();
      }
    },

    /** submissionId → the stories that received it, from every ArticleReceived in the event log. */
    async indexMemberships(input: { replayId: string; stories: readonly string[] | null }): Promise<number> {
      const topic = deps.topics.storyEvents.name;
      const admin = deps.kafka.admin();
      await admin.connect();
      const [start, end] = await Promise.all([resolvePosition(admin, topic, { kind: 'earliest' }, 'earliest'), resolvePosition(admin, topic, { kind: 'latest' }, 'latest')]).finally(() => admin.disconnect());
      const only = input.stories ? new Set(input.stories) : null;
      const members = new Map<string, string[]>();
      await readSpan(deps.kafka, topic, { positions: offsetsOf(start), end: offsetsOf(end), maxRecords: Number.MAX_SAFE_INTEGER, groupPrefix: deps.topics.prefix }, async (records) => {
        for (const { event } of await storyEvents(records, only)) {
          if (event.type !== 'ArticleReceived') continue;
          const holders = members.get(event.payload.submissionId) ?? [];
          if (!holders.includes(event.storyId)) members.set(event.payload.submissionId, [...holders, event.storyId]);
        }
      }, heartbeat);
      const key = replayKeys(input.replayId).members;
      const entries = [...members];
      for (let i = 0; i < entries.length; i += 1000) {
        await deps.redis.hset(key, Object.fromEntries(entries.slice(i, i + 1000).map(([submission, stories]) => [submission, JSON.stringify(stories)])));
      }
      if (entries.length > 0) await deps.redis.expire(key, 7 * 24 * 3600);
      return entries.length;
    },

    /** One batch of the source topic through the target's replay; answers where it got to and what it found. */
    async replayBatch(input: { replayId: string; target: ReplayTarget; positions: Offsets; end: Offsets; publishFrom: Offsets; stories: readonly string[] | null; dryRun: boolean; maxRecords: number }): Promise<{ positions: Offsets; read: number; tally: ReplayTally }> {
      const only = input.stories ? new Set(input.stories) : null;
      let tally = EMPTY_TALLY;
      const add = (found: ReplayTally) => void (tally = addTally(tally, found));
      const handle = async (records: readonly RangeRecord[]): Promise<void> => {
        switch (input.target) {
          case 'public-topics':
            add(await republishBatch({ ...deps.republish, redis: deps.redis, topics: { stories: deps.topics.stories.name, storyUpdates: deps.topics.storyUpdates.name } }, input.replayId, await storyEvents(records, only), input.publishFrom, input.dryRun));
            return;
          case 'enrichment':
            add(await reenrichBatch({ ...deps.reenrich, redis: deps.redis }, await storyEvents(records, only), input.dryRun));
            return;
          case 'parse': {
            const submissions: PositionedSubmission[] = [];
            for (const record of records) {
              const submission = await deps.submissions.decode(record.value ?? Buffer.alloc(0)).catch(() => null);
              if (submission) submissions.push({ submission, partition: record.partition, offset: record.offset });
            }
            add(await reparseBatch({ ...deps.reparse, redis: deps.redis }, input.replayId, submissions, only, input.dryRun));
            return;
          }
          default: {
            const unreachable: never = input.target;
            return unreachable;
          }
        }
      };
      const { positions, read } = await readSpan(deps.kafka, sourceTopic(input.target), { positions: input.positions, end: input.end, maxRecords: input.maxRecords, groupPrefix: deps.topics.prefix }, handle, heartbeat);
      return { positions, read, tally };
    },

    async dropReplayState(replayId: string): Promise<number> {
      return dropReplayKeys(deps.redis, replayId);
    },
  };
}

export type ReplayActivities = ReturnType<typeof createReplayActivities>;
