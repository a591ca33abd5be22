import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { codecFor } from '../contracts/avro-codec.ts';
import type { Story, StoryUpdate } from '../contracts/types.generated.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';
import { readReuters } from '../eval/dedupe/reuters-reader.ts';
import { seededRandom } from '../enrich/training/seeded-random.ts';
import { PrincipalStore } from '../shared/auth/principal-store.ts';
import { storyEventDecoder } from '../publish/story-event-decoder.ts';
import { PIPELINE_CONSUMERS } from '../runtime/consumer-registry.ts';
import { loadConfig, type Config } from '../shared/config.ts';
import { createRootLogger } from '../shared/logger.ts';
import { createPlatform } from '../shared/platform/platform.ts';
import { sendItem, type SendOutcome } from './ingest-client.ts';
import { planStream, type PlannedSubmission } from './reuters-plan.ts';
import { down, up } from '../../infra/stack.ts';
import { freePort } from '../../infra/free-port.ts';
import { killServer, ownServerEnvironment, SERVER_NAMES } from './server-faults.ts';
import { ServiceFleet, type FaultRecord, type Member } from './service-fleet.ts';
import { compareWithRebuild, killedStoryVisibility, type ProjectionComparison } from './read-model-checks.ts';
import { TopicCollector } from './topic-collector.ts';
import { isClean, verifyRun, type Acknowledged } from './verify-run.ts';

interface Options {
  items: number;
  faults?: number;
  seed: number;
  json?: boolean;
  data: string;
  redisDb: number;
  namespace?: string;
  killServers?: boolean;
  ownServers?: boolean;
  paceMs: number;
  drainMs: number;
}

/** The short form's fleet: two processes each of router, publisher and story worker, one of the rest. */
function fleet(ingestPort: number, apiPort: number): Member[] {
  const ops = ['--ops-port', '0'];
  return [
    { name: 'projection-api', services: ['projection', 'api'], args: [...ops, '--api-port', String(apiPort)] },
    { name: 'publisher-1', services: ['publisher'], args: ops },
    { name: 'publisher-2', services: ['publisher'], args: ops },
    { name: 'worker-1', services: ['worker'], args: ops },
    { name: 'worker-2', services: ['worker'], args: ops },
    { name: 'enrich', services: ['enrich'], args: ops },
    { name: 'router-1', services: ['router'], args: ops },
    { name: 'router-2', services: ['router'], args: ops },
    { name: 'ingest', services: ['ingest'], args: [...ops, '--ingest-port', String(ingestPort)] },
  ];
}

type Fault = { readonly kind: 'process'; readonly members: readonly Member[] } | { readonly kind: 'server'; readonly server: string };

function faultPlan(members: readonly Member[], count: number | undefined, killServers: boolean, random: () => number): Fault[] {
  const byName = new Map(members.map((m) => [m.name, m]));
  // One fault of each kind, and one kill of both processes of a pair.
  const base: Fault[] = [...members.map((m): Fault => ({ kind: 'process', members: [m] })), { kind: 'process', members: [byName.get('publisher-1')!, byName.get('publisher-2')!] }];
  if (killServers) base.push(...SERVER_NAMES.map((server): Fault => ({ kind: 'server', server })));
  const faults = [...base];
  while (count !== undefined && faults.length < count) faults.push(base[Math.floor(random() * base.length)]!);
  for (let i = faults.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [faults[i], faults[j]] = [faults[j]!, faults[i]!];
  }
  return count === undefined ? faults : faults.slice(0, Math.max(count, 0));
}

async function main(options: Options): Promise<number> {
  const say = (line: string) => {
    if (!options.json) console.log(line);
  };
  const note = (line: string) => console.error(`chaos: ${line}`);
  if (options.redisDb === 0) throw new Error('--redis-db 0 is the main job’s database; the chaos run flushes the one it uses');
  if (options.killServers && !options.ownServers) throw new Error('--kill-servers needs --own-servers: the run kills only servers it started itself, never the shared ones');
  const runId = randomBytes(4).toString('hex');
  const principalsFile = join(mkdtempSync(join(tmpdir(), 'storyline-chaos-')), 'principals.json');
  // The environment prefixes topics, consumer groups, story workflow ids and their task queue: the
  // run shares the Temporal namespace with others without taking their stories or they its.
  const servers = options.ownServers ? await ownServerEnvironment(loadConfig().cacheDir, runId) : {};
  const env = { ...process.env, ...servers, STORYLINE_ENV: `chaos-${runId}`, STORYLINE_REDIS_DB: String(options.redisDb), ...(options.namespace ? { STORYLINE_TEMPORAL_NAMESPACE: options.namespace } : {}), STORYLINE_PRINCIPALS_FILE: principalsFile, STORYLINE_LOG_LEVEL: 'warn' };
  const config = loadConfig(env);
  if (!options.ownServers) return run(options, { runId, principalsFile, env, config, say, note });
  note(`starting a server set of the run's own in ${config.runDir}`);
  const serversStarted = Date.now();
  try {
    await up(config, note);
    note(`servers up in ${((Date.now() - serversStarted) / 1000).toFixed(1)} s`);
    return await run(options, { runId, principalsFile, env, config, say, note });
  } finally {
    await down(config, note).catch((error: unknown) => note(`servers not stopped: ${String(error)}`));
    rmSync(config.runDir, { recursive: true, force: true });
  }
}

interface RunContext {
  readonly runId: string;
  readonly principalsFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly config: Config;
  readonly say: (line: string) => void;
  readonly note: (line: string) => void;
}

async function run(options: Options, { runId, principalsFile, env, config, say, note }: RunContext): Promise<number> {
  const namespace = config.temporal.namespace;
  const random = seededRandom(options.seed);
  const docs = await readReuters(resolve(options.data));
  const plan = planStream(docs, options.items, random, runId);
  const principals = new PrincipalStore(principalsFile);
  const providerKey = principals.issueKey('reuters-chaos', 'Reuters (chaos run)', 'provider');
  const readerKey = principals.issueKey('chaos-verifier', 'Chaos run verifier', 'consumer');

  const platform = await createPlatform(config, createRootLogger('warn', 2), { clientId: 'storyline-chaos', consumers: PIPELINE_CONSUMERS });
  await platform.redis.flushdb();
  const events = new TopicCollector(platform.kafka, platform.topics.storyEvents.name, storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents)));
  const updateCodec = await codecFor<StoryUpdate>(platform.catalog, platform.registry, platform.topics.storyUpdates);
  const updates = new TopicCollector(platform.kafka, platform.topics.storyUpdates.name, (bytes) => updateCodec.decode(bytes));
  const storyCodec = await codecFor<Story>(platform.catalog, platform.registry, platform.topics.stories);
  const publicStories = new TopicCollector(platform.kafka, platform.topics.stories.name, (bytes) => storyCodec.decode(bytes));

  const [ingestPort, apiPort] = [await freePort(), await freePort()];
  const members = fleet(ingestPort, apiPort);
  const services = new ServiceFleet(env, note);
  const faults: FaultRecord[] = [];
  const outcomes: Array<{ item: PlannedSubmission; outcome: SendOutcome }> = [];
  let exitCode: number;
  try {
    note(`environment chaos-${runId}, Redis db ${options.redisDb}, namespace ${namespace}; starting ${members.length} processes`);
    const started = Date.now();
    for (const member of members) await services.start(member);
    note(`pipeline up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await Promise.all([events.start(`chaos-${runId}-verify-events`), updates.start(`chaos-${runId}-verify-updates`), publicStories.start(`chaos-${runId}-verify-stories`)]);

    const schedule = faultPlan(members, options.faults, options.killServers ?? false, random);
    const window = plan.length * options.paceMs;
    const ingestUrl = `http://127.0.0.1:${ingestPort}`;
    const streamStarted = Date.now();
    const busy = new Set<string>();
    const faultRuns = schedule.map(async (fault, i) => {
      const at = (window * (i + 0.5 + (random() - 0.5) * 0.8)) / schedule.length;
      await new Promise((r) => setTimeout(r, at));
      if (fault.kind === 'server') {
        const record = await killServer(config, fault.server, 1_000 + Math.floor(random() * 2_000), note);
        note(`killed the ${fault.server} server at +${((record.killedAt - streamStarted) / 1000).toFixed(1)} s, answering again after ${record.recoveryMs === null ? 'never' : `${(record.recoveryMs / 1000).toFixed(1)} s`}`);
        faults.push(record);
        return;
      }
      // A member still down from an earlier fault is killed once it is back, so every fault lands.
      while (fault.members.some((m) => busy.has(m.name))) await new Promise((r) => setTimeout(r, 500));
      const targets = fault.members;
      for (const m of targets) busy.add(m.name);
      const pause = 500 + Math.floor(random() * 2_500);
      const records = await Promise.all(targets.map((m) => services.kill(m, fault.members.length > 1 ? `${m.services.join('+')} (pair)` : m.services.join('+'), pause)));
      for (const m of targets) busy.delete(m.name);
      for (const record of records) {
        note(`killed ${record.target} at +${((record.killedAt - streamStarted) / 1000).toFixed(1)} s, ready again after ${record.recoveryMs === null ? 'never' : `${(record.recoveryMs / 1000).toFixed(1)} s`}`);
        faults.push(record);
      }
    });

    // A long run prints where it stands every minute, so a run stopped early still has its figures.
    const progress = setInterval(() => {
      const acked = outcomes.filter((o) => o.outcome.status === 'acknowledged').length;
      note(`progress +${((Date.now() - streamStarted) / 1000).toFixed(0)} s: sent ${outcomes.length} of ${plan.length}, acknowledged ${acked}, refused ${outcomes.length - acked}, faults ${faults.length} of ${schedule.length}, story events ${events.values().length}`);
    }, 60_000);
    let nextIndex = 0;
    const senders = Array.from({ length: 4 }, async () => {
      for (;;) {
        const index = nextIndex++;
        const item = plan[index];
        if (!item) return;
        const due = streamStarted + index * options.paceMs;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        outcomes.push({ item, outcome: await sendItem(ingestUrl, providerKey, item) });
      }
    });
    await Promise.all([...senders, ...faultRuns]).finally(() => clearInterval(progress));
    const lastRecovery = Math.max(Date.now(), ...faults.map((f) => f.killedAt + (f.recoveryMs ?? 0)));
    note(`streamed ${outcomes.length} requests and injected ${faults.length} faults in ${((Date.now() - streamStarted) / 1000).toFixed(1)} s; waiting for the pipeline to settle`);

    const acknowledged: Acknowledged[] = outcomes.flatMap(({ item, outcome }) => (outcome.status === 'acknowledged' && !outcome.replayed ? [{ submissionId: outcome.submissionId, label: item.label }] : []));
    // Lost = no story decision 60 s after the last fault; then the updates those decisions imply.
    const verdictNow = () => verifyRun(acknowledged, events.values().map((r) => r.value), updates.values().map((r) => ({ update: r.value, partition: r.partition, offset: r.offset })));
    let verdict = verdictNow();
    const settleDeadline = lastRecovery + 60_000;
    while ((verdict.lost.length > 0 || verdict.missingUpdates.length > 0) && Date.now() < settleDeadline) {
      await new Promise((r) => setTimeout(r, 2_000));
      verdict = verdictNow();
    }
    // The issue's definition: lost = no decision 60 s after the last fault. Then the rest may drain: an
    // item decided later was late (a backlog on a loaded machine), one never decided is gone.
    const lostAtBound = verdict.lost;
    const drainDeadline = Date.now() + options.drainMs;
    while ((verdict.lost.length > 0 || verdict.missingUpdates.length > 0) && Date.now() < drainDeadline) {
      await new Promise((r) => setTimeout(r, 5_000));
      verdict = verdictNow();
    }
    // A little longer, so a late duplicate has a chance to show.
    await new Promise((r) => setTimeout(r, 5_000));
    verdict = verdictNow();
    const settledMs = Date.now() - lastRecovery;

    // The live projection against a fresh rebuild from the same log; it may still be applying the last events.
    let projection: ProjectionComparison = await compareWithRebuild(platform.redis, events.values());
    for (let attempt = 0; !projection.equal && attempt < 10; attempt++) {
      await new Promise((r) => setTimeout(r, 3_000));
      projection = await compareWithRebuild(platform.redis, events.values());
    }
    const killedIds = [...new Set(events.values().flatMap((r) => (r.value.type === 'StoryKilled' ? [r.value.storyId] : [])))];
    const killed = await killedStoryVisibility(killedIds, { redis: platform.redis, api: { url: `http://127.0.0.1:${apiPort}`, key: readerKey }, stories: publicStories.records });
    note(`projection ${projection.live.sha256.slice(0, 16)} (${projection.live.stories} stories), rebuilt ${projection.rebuilt.sha256.slice(0, 16)} (${projection.rebuilt.stories}); killed stories ${killed.killed}, visible ${killed.visible.length}`);

    const stopCodes = await services.stopAll();
    const refused = outcomes.filter((o) => o.outcome.status === 'refused');
    const refusedReasons: Record<string, number> = {};
    for (const { outcome } of refused) if (outcome.status === 'refused') refusedReasons[outcome.reason] = (refusedReasons[outcome.reason] ?? 0) + 1;
    const faultsByComponent: Record<string, { count: number; recoveryMs: Array<number | null> }> = {};
    for (const fault of faults) {
      const entry = (faultsByComponent[fault.component] ??= { count: 0, recoveryMs: [] });
      entry.count++;
      entry.recoveryMs.push(fault.recoveryMs);
    }
    const clean = lostAtBound.length === 0 && isClean(verdict) && projection.equal && killed.visible.length === 0;
    const report = {
      data: `Reuters-21578 (${resolve(options.data)}), ${docs.length} items read`,
      environment: `chaos-${runId}`,
      seed: options.seed,
      processes: members.map((m) => `${m.name}: ${m.services.join('+')}`),
      sent: outcomes.length,
      kinds: Object.fromEntries(['new', 'update', 'correction', 'kill', 'resend', 'copy'].map((kind) => [kind, plan.filter((p) => p.kind === kind).length])),
      acknowledged: outcomes.filter((o) => o.outcome.status === 'acknowledged').length,
      acknowledgedAsReplay: outcomes.filter((o) => o.outcome.status === 'acknowledged' && o.outcome.replayed).length,
      refused: refused.length,
      refusedReasons,
      retriedRequests: outcomes.filter((o) => o.outcome.attempts > 1).length,
      faults: faults.length,
      faultsByComponent,
      unplannedExits: services.unplannedExits,
      lost: lostAtBound.length,
      decidedLate: lostAtBound.length - verdict.lost.length,
      neverDecided: verdict.lost.length,
      duplicated: verdict.duplicated.length + verdict.duplicateUpdateIds.length,
      decidedTwice: verdict.decidedTwice.length,
      regroupingMoves: verdict.regroupingMoves,
      relatedChangesSharingAVersion: verdict.relatedSharingVersion,
      projectionHash: { live: projection.live, rebuilt: projection.rebuilt, equal: projection.equal },
      killedStories: killed.killed,
      killedStoriesVisible: killed.visible.length,
      missingUpdates: verdict.missingUpdates.length,
      outOfOrder: verdict.outOfOrder.length,
      stories: verdict.stories,
      storyEvents: verdict.events,
      storyUpdates: verdict.updates,
      expectedStoryUpdates: verdict.expectedUpdates,
      settledAfterLastRecoveryMs: settledMs,
      gracefulStopExitCodes: stopCodes,
      details: { lost: lostAtBound.slice(0, 20), neverDecided: verdict.lost.slice(0, 20), duplicated: verdict.duplicated.slice(0, 20), duplicateUpdateIds: verdict.duplicateUpdateIds.slice(0, 20), decidedTwice: verdict.decidedTwice.slice(0, 20), missingUpdates: verdict.missingUpdates.slice(0, 20), outOfOrder: verdict.outOfOrder.slice(0, 20), killedVisible: killed.visible.slice(0, 20), projectionDiff: [...projection.diff.added.map((id) => `only live: ${id}`), ...projection.diff.removed.map((id) => `only rebuilt: ${id}`), ...projection.diff.changed.map((c) => `${c.storyId}: rebuilt seq ${c.before.sequence} ${c.before.status}, live seq ${c.after.sequence} ${c.after.status}`)].slice(0, 20) },
      ok: clean,
    };
    if (options.json) console.log(JSON.stringify(report));
    else {
      say(`== chaos run ${report.environment} (seed ${report.seed}) — ${report.data}`);
      say(`processes      ${report.processes.join(', ')}`);
      say(`sent           ${report.sent} (${Object.entries(report.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`);
      say(`acknowledged   ${report.acknowledged} (${report.acknowledgedAsReplay} as replays), refused ${report.refused} ${JSON.stringify(refusedReasons)}, retried ${report.retriedRequests}`);
      say(`faults         ${report.faults}: ${Object.entries(faultsByComponent).map(([c, f]) => `${c} ×${f.count} (recovered in ${f.recoveryMs.map((ms) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`)).join(', ')})`).join('; ')}`);
      say(`unplanned exits ${services.unplannedExits.length}`);
      say(`story.events   ${report.storyEvents} events, ${report.stories} stories`);
      say(`story-updates  ${report.storyUpdates} of ${report.expectedStoryUpdates} expected (read_committed)`);
      say(`lost ${report.lost} (60 s after the last recovery; ${report.decidedLate} of them decided later, ${report.neverDecided} never within --drain-ms), duplicated ${report.duplicated}, decided twice ${report.decidedTwice}, missing updates ${report.missingUpdates}, out of order ${report.outOfOrder}`);
      say(`regrouping    ${report.regroupingMoves} items moved; ${report.relatedChangesSharingAVersion} RELATED changes share a story version with another (each from its own command)`);
      say(`projection     live ${projection.live.sha256} (${projection.live.stories} stories), rebuilt ${projection.rebuilt.sha256} (${projection.rebuilt.stories}): ${projection.equal ? 'equal' : 'DIFFERENT'}`);
      say(`killed stories ${killed.killed}, visible anywhere ${killed.visible.length}`);
      for (const [name, list] of Object.entries(report.details)) for (const line of list) say(`  ${name}: ${line}`);
      say(clean ? 'OK: nothing lost, nothing published twice' : 'FAILED');
    }
    exitCode = clean ? 0 : 1;
  } finally {
    await services.stopAll().catch(() => undefined);
    await Promise.all([events.stop(), updates.stop(), publicStories.stop()]).catch(() => undefined);
    await platform.close();
  }
  return exitCode;
}

const program = new Command('chaos')
  .description('Streams Reuters-21578 through a multi-process pipeline while SIGKILLing and restarting its processes, then verifies nothing was lost or published twice')
  .option('--items <n>', 'requests to send', (v) => Number(v), 200)
  .option('--faults <n>', 'faults to inject (default: one of each process, and one kill of both publishers)', (v) => Number(v))
  .option('--seed <n>', 'seed of the stream and the fault schedule', (v) => Number(v), 21578)
  .option('--pace-ms <n>', 'one request every n ms (the faults are spread over the stream)', (v) => Number(v), 250)
  .option('--data <dir>', 'Reuters-21578 sgm files', '../shared/data/reuters21578/sgm-data')
  .option('--redis-db <n>', 'Redis database of the run (flushed first; never 0)', (v) => Number(v), 8)
  .option('--namespace <name>', 'Temporal namespace of the run (default: STORYLINE_TEMPORAL_NAMESPACE; story workflow ids carry the run’s environment)')
  .option('--own-servers', 'start a server set of the run’s own (free ports, data under <cache>/run-chaos-<id>), stopped and removed at the end')
  .option('--kill-servers', 'also SIGKILL and restart each server (Kafka, Temporal, Redis, registry) once; needs --own-servers')
  .option('--drain-ms <n>', 'after the 60 s bound, how long undecided items may still drain (reported as decided late, not lost)', (v) => Number(v), 180_000)
  .option('--json', 'print one JSON object');

program.parse();
main(program.opts<Options>()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('chaos:', error);
    process.exit(2);
  },
);
