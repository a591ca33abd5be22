import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ReplayActivities } from './replay.activities.ts';
import { addTally, EMPTY_TALLY, remaining, replayProgressQuery, steering, type Offsets, type ReplayPhase, type ReplayResult, type ReplayTally, type TopicReplayInput } from './operations-signals.ts';

const acts = proxyActivities<ReplayActivities>({
  startToCloseTimeout: '15 minutes',
  // A killed worker stops heartbeating: its batch is retried on another worker within seconds.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const HISTORY_LIMIT = 2_000;

/**
 * A replay of history through today's code (re-publish the public topics, re-enrich, re-parse),
 * batch by batch between two resolved positions of its source topic. Each batch re-applies
 * recorded decisions only and is idempotent where it matters (signal ids name the record and the
 * code version, the workflow de-duplicates them), so a batch repeated after a crash changes nothing
 * twice; re-published records may go out twice and carry the same update id.
 */
export async function topicReplayWorkflow(input: TopicReplayInput): Promise<ReplayResult> {
  let phase: ReplayPhase = input.carried?.phase ?? 'planning';
  const steer = steering();
  let positions: Offsets = input.carried?.positions ?? {};
  let end: Offsets = input.carried?.end ?? {};
  let publishFrom: Offsets = input.carried?.publishFrom ?? {};
  let done = input.carried?.done ?? 0;
  let total = input.carried?.total ?? 0;
  let tally: ReplayTally = input.carried?.tally ?? EMPTY_TALLY;
  const startedAt = input.carried?.startedAt ?? Date.now();
  setHandler(replayProgressQuery, () => {
    const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
    const rate = done / seconds;
    return { replayId: input.replayId, target: input.target, phase, paused: steer.paused, done, total, rate, etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : null, tally };
  });
  const result = (outcome: ReplayResult['outcome']): ReplayResult => ({ replayId: input.replayId, target: input.target, outcome, events: done, seconds: (Date.now() - startedAt) / 1000, tally });

  if (phase === 'planning') {
    const plan = await acts.planReplay({ replayId: input.replayId, target: input.target, from: input.from, to: input.to, stories: input.stories });
    positions = plan.start;
    end = plan.end;
    publishFrom = plan.publishFrom;
    total = remaining(positions, end);
    phase = input.target === 'parse' ? 'indexing' : 'replaying';
  }
  if (phase === 'indexing') {
    // Which stories hold each submission: read once from the event log, so every batch can send a re-parse where the item already is.
    await acts.indexMemberships({ replayId: input.replayId, stories: input.stories });
    phase = 'replaying';
  }
  if (phase === 'replaying') {
    while (remaining(positions, end) > 0) {
      await condition(() => !steer.paused || steer.cancelled);
      if (steer.cancelled) break;
      const batch = await acts.replayBatch({ replayId: input.replayId, target: input.target, positions, end, publishFrom, stories: input.stories, dryRun: input.dryRun, maxRecords: input.batchSize });
      positions = batch.positions;
      done += batch.read;
      tally = addTally(tally, batch.tally);
      if (workflowInfo().historyLength > HISTORY_LIMIT) {
        await continueAsNew<typeof topicReplayWorkflow>({ ...input, carried: { positions, end, publishFrom, done, total, startedAt, phase, tally } });
      }
    }
    phase = 'cleaning';
  }
  await acts.dropReplayState(input.replayId);
  phase = steer.cancelled ? 'cancelled' : 'done';
  return result(steer.cancelled ? 'cancelled' : input.dryRun ? 'dry-run' : 'done');
}
