import { condition, continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { OperationsActivities } from './operations.activities.ts';
import { rebuildProgressQuery, remaining, steering, type Offsets, type ProjectionRebuildInput, type RebuildPhase, type RebuildResult } from './operations-signals.ts';

const acts = proxyActivities<OperationsActivities>({
  startToCloseTimeout: '10 minutes',
  // A killed worker stops heartbeating: its batch is retried on another worker within seconds.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const HISTORY_LIMIT = 2_000;
/** Readers that resolved the old prefix just before the swap finish within this; then it is deleted. */
const SWAP_GRACE = '5 seconds';

/**
 * Blue/green rebuild of the Redis read model: folds story.events.v1 into a fresh prefix batch by
 * batch (each batch idempotent by the projection's compare-and-set, so a batch retried after a
 * crash changes nothing twice), catches up with the live end, swaps the active prefix atomically,
 * catches up once more (events the live projection wrote to the old prefix during the swap), and
 * deletes the old prefix after a grace period. Bounded (`to`) or dry runs never swap.
 */
export async function projectionRebuildWorkflow(input: ProjectionRebuildInput): Promise<RebuildResult> {
  let phase: RebuildPhase = input.carried?.phase ?? 'planning';
  const steer = steering();
  let positions: Offsets = input.carried?.positions ?? {};
  let end: Offsets = input.carried?.end ?? {};
  let done = input.carried?.done ?? 0;
  let total = input.carried?.total ?? 0;
  const startedAt = input.carried?.startedAt ?? Date.now();
  let previousPrefix: string | null = input.carried?.previousPrefix ?? null;
  let foldedAt: number | null = input.carried?.foldedAt ?? null;
  const foldSeconds = () => (foldedAt === null ? null : (foldedAt - startedAt) / 1000);
  setHandler(rebuildProgressQuery, () => {
    const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
    const rate = done / seconds;
    return { rebuildId: input.rebuildId, prefix: input.prefix, phase, paused: steer.paused, done, total, rate, etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : null };
  });

  const finish = async (outcome: RebuildResult['outcome'], previousPrefix: string | null, withHash: boolean, diff: RebuildResult['diff'] = null): Promise<RebuildResult> => {
    const hash = withHash ? await acts.projectionHash(input.prefix) : null;
    return { rebuildId: input.rebuildId, outcome, prefix: input.prefix, previousPrefix, events: done, seconds: (Date.now() - startedAt) / 1000, foldSeconds: foldSeconds(), hash, diff };
  };

  /** Applies batches until `positions` reach `end`; false when cancelled. */
  const runTo = async (): Promise<boolean> => {
    while (remaining(positions, end) > 0) {
      await condition(() => !steer.paused || steer.cancelled);
      if (steer.cancelled && phase !== 'finishing') return false;
      const batch = await acts.rebuildBatch({ prefix: input.prefix, positions, end, maxEvents: input.batchSize });
      positions = batch.positions;
      done += batch.applied;
      if (workflowInfo().historyLength > HISTORY_LIMIT) {
        await continueAsNew<typeof projectionRebuildWorkflow>({ ...input, carried: { positions, end, done, total, startedAt, phase, previousPrefix, foldedAt } });
      }
    }
    return true;
  };

  if (phase === 'planning') {
    const plan = await acts.planRebuild({ prefix: input.prefix, from: input.from, to: input.to });
    positions = plan.start;
    end = plan.end;
    total = remaining(positions, end);
    phase = 'rebuilding';
  }
  if (phase === 'rebuilding') {
    if (!(await runTo())) return cancel();
    phase = input.to === null && !input.dryRun ? 'catching-up' : 'finishing';
    if (phase === 'finishing') foldedAt = Date.now();
  }
  if (input.dryRun) {
    const diff = await acts.diffAgainstActive(input.prefix);
    const result = await finish('dry-run', null, true, diff);
    await acts.dropPrefix(input.prefix);
    phase = 'done';
    return result;
  }
  if (input.to !== null) {
    phase = 'done';
    return finish('built', null, true);
  }
  if (phase === 'catching-up') {
    // Catch up until what is left is less than one batch: the swap then leaves very little behind.
    for (;;) {
      end = await acts.endOffsets();
      total = done + remaining(positions, end);
      if (remaining(positions, end) < input.batchSize) break;
      if (!(await runTo())) return cancel();
    }
    phase = 'swapping';
  }
  if (phase === 'swapping') {
    if (steer.cancelled) return cancel();
    foldedAt = Date.now();
    previousPrefix = await acts.swapActivePrefix(input.prefix);
    phase = 'finishing';
    end = await acts.endOffsets();
    total = done + remaining(positions, end);
  }
  if (phase === 'finishing' && previousPrefix !== null) {
    // Past the swap a cancel no longer applies (runTo ignores it): the new prefix is live and must be complete.
    await runTo();
    await sleep(SWAP_GRACE);
    if (previousPrefix !== input.prefix) await acts.dropPrefix(previousPrefix);
  }
  phase = 'done';
  return finish('swapped', previousPrefix, true);

  async function cancel(): Promise<RebuildResult> {
    await acts.dropPrefix(input.prefix);
    phase = 'cancelled';
    return { rebuildId: input.rebuildId, outcome: 'cancelled', prefix: input.prefix, previousPrefix: null, events: done, seconds: (Date.now() - startedAt) / 1000, foldSeconds: foldSeconds(), hash: null, diff: null };
  }
}
