import { Context } from '@temporalio/activity';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { RecordedStoryEvent } from '../../services/domain/story/index.ts';
import { offsetsOf, toPositionSpec } from '../../services/admin/kafka/position-input.ts';
import { partitionBounds, resolvePosition } from '../../services/admin/kafka/topic-positions.ts';
import { diffStates, projectionHash, readDigestLines } from '../../services/admin/operations/projection-hash.ts';
import { activePrefix } from '../../services/publish/active-projection.ts';
import { ACTIVE_PROJECTION, isProjectionPrefix, projectionKeys } from '../../services/publish/index-keys.ts';
import { RedisProjection } from '../../services/publish/redis-projection.ts';
import type { Offsets, PositionInput, StateDiffSummary } from './operations-signals.ts';
import { readSpan } from './read-span.ts';

export interface OperationsActivityDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  /** story.events.v1 of this environment. */
  readonly topic: string;
  readonly groupPrefix: string;
  readonly decode: (bytes: Buffer) => Promise<RecordedStoryEvent>;
}

/** Swaps the active prefix and answers the one it replaced, in one step. */
const SWAP = `
local old = redis.call('GET', KEYS[1]) or ARGV[2]
redis.call('SET', KEYS[1], ARGV[1])
return old
`;

export function createOperationsActivities(deps: OperationsActivityDeps) {
  const withAdmin = async <T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> => {
    const admin = deps.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  };

  return {
    async planRebuild(input: { prefix: string; from: PositionInput; to: PositionInput | null }): Promise<{ start: Offsets; end: Offsets }> {
      if (!isProjectionPrefix(input.prefix) || input.prefix === (await activePrefix(deps.redis))) throw new Error(`${input.prefix} cannot be rebuilt into: not a fresh projection prefix`);
      return withAdmin(async (admin) => {
        const start = await resolvePosition(admin, deps.topic, toPositionSpec(input.from), 'earliest');
        const end = await resolvePosition(admin, deps.topic, input.to ? toPositionSpec(input.to) : { kind: 'latest' }, 'latest');
        for (const [p, e] of end) if (BigInt(e) < BigInt(start.get(p) ?? e)) end.set(p, start.get(p)!);
        return { start: offsetsOf(start), end: offsetsOf(end) };
      });
    },

    async endOffsets(): Promise<Offsets> {
      return withAdmin(async (admin) => Object.fromEntries((await partitionBounds(admin, deps.topic)).map((b) => [String(b.partition), b.high])));
    },

    /** Applies up to `maxEvents` events from `positions` towards `end` into the prefix; answers where it got to. */
    async rebuildBatch(input: { prefix: string; positions: Offsets; end: Offsets; maxEvents: number }): Promise<{ positions: Offsets; applied: number }> {
      const projection = new RedisProjection(deps.redis, { target: { kind: 'fixed', prefix: input.prefix }, appendFeed: false });
      const { positions, read } = await readSpan(
        deps.kafka,
        deps.topic,
        { positions: input.positions, end: input.end, maxRecords: input.maxEvents, groupPrefix: deps.groupPrefix },
        async (records) => {
          // One story's events stay in order (one key, one partition); different stories are applied
          // side by side, which is what makes a rebuild faster than the live one-at-a-time consumer.
          const byStory = new Map<string, (typeof records)[number][]>();
          for (const record of records) {
            const key = record.key?.toString() ?? '';
            byStory.set(key, [...(byStory.get(key) ?? []), record]);
          }
          await Promise.all(
            [...byStory.values()].map(async (storyRecords) => {
              for (const record of storyRecords) {
                const event = await deps.decode(record.value ?? Buffer.alloc(0)).catch(() => null);
                // An event that does not decode is the live projection's dead letter too: the rebuild skips it the same way.
                if (event) await projection.apply(event, { partition: record.partition, offset: record.offset });
              }
            }),
          );
        },
        (applied) => Context.current().heartbeat({ applied }),
      );
      return { positions, applied: read };
    },

    async swapActivePrefix(prefix: string): Promise<string> {
      if (!isProjectionPrefix(prefix)) throw new Error(`not a projection prefix: ${prefix}`);
      return (await deps.redis.eval(SWAP, 1, ACTIVE_PROJECTION, prefix, projectionKeys().prefix)) as string;
    },

    /** Deletes every key under a prefix that is not the active one (UNLINK in SCAN pages: Redis never blocks on it). */
    async dropPrefix(prefix: string): Promise<number> {
      if (prefix === (await activePrefix(deps.redis))) throw new Error(`refusing to delete the active projection prefix ${prefix}`);
      let deleted = 0;
      for (const pattern of projectionKeys(prefix).patterns) {
        let cursor = '0';
        do {
          const [next, keys] = await deps.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) deleted += await deps.redis.unlink(...keys);
        } while (cursor !== '0');
      }
      return deleted;
    },

    async projectionHash(prefix: string): Promise<{ sha256: string; stories: number }> {
      const { sha256, stories } = await projectionHash(deps.redis, prefix);
      return { sha256, stories };
    },

    async diffAgainstActive(prefix: string): Promise<StateDiffSummary> {
      const [live, rebuilt] = await Promise.all([readDigestLines(deps.redis, await activePrefix(deps.redis)), readDigestLines(deps.redis, prefix)]);
      return diffStates(live, rebuilt);
    },
  };
}

export type OperationsActivities = ReturnType<typeof createOperationsActivities>;
