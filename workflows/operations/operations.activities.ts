import { Context } from '@temporalio/activity';
import type { Kafka } from 'kafkajs';
import { offsetsOf, toPositionSpec } from '../../services/admin/kafka/position-input.ts';
import { partitionBounds, resolvePosition } from '../../services/admin/kafka/topic-positions.ts';
import { diffStates, projectionHash, readDigestLines } from '../../services/admin/operations/projection-hash.ts';
import { activePrefix } from '../../services/publish/active-projection.ts';
import { ACTIVE_PROJECTION, isProjectionPrefix, projectionKeys } from '../../services/publish/index-keys.ts';
import type { Offsets, PositionInput, StateDiffSummary } from './operations-signals.ts';
import { unlinkMatching } from '../../services/shared/redis/unlink-matching.ts';
import { rebuildSpan, type RebuildDeps } from './rebuild-span.ts';

/** What the operations activities use; a rebuild needs all of it. */
export type OperationsActivityDeps = RebuildDeps;

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
      return rebuildSpan(deps, input, (applied) => Context.current().heartbeat({ applied }));
    },

    async swapActivePrefix(prefix: string): Promise<string> {
      if (!isProjectionPrefix(prefix)) throw new Error(`not a projection prefix: ${prefix}`);
      return (await deps.redis.eval(SWAP, 1, ACTIVE_PROJECTION, prefix, projectionKeys().prefix)) as string;
    },

    /** Deletes every key under a prefix that is not the active one (UNLINK in SCAN pages: Redis never blocks on it). */
    async dropPrefix(prefix: string): Promise<number> {
      if (prefix === (await activePrefix(deps.redis))) throw new Error(`refusing to delete the active projection prefix ${prefix}`);
      let deleted = 0;
      for (const pattern of projectionKeys(prefix).patterns) deleted += await unlinkMatching(deps.redis, pattern);
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
