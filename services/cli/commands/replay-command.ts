import { Command } from 'commander';
import { EXIT, awaitReplay, positionOption, printJson, runOps, withOpsOptions, type OpsClient, type OpsOptions } from './ops-client.ts';

export interface Progress {
  phase: string;
  paused: boolean;
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
  tally?: Tally;
}

interface Tally {
  changed: number;
  unchanged: number;
  fenced: number;
  skipped: number;
  stories: string[];
}

interface RebuildResult {
  outcome: string;
  prefix: string;
  previousPrefix: string | null;
  events: number;
  seconds: number;
  hash: { sha256: string; stories: number } | null;
  diff: { added: string[]; removed: string[]; changed: Array<{ storyId: string; before: { sequence: number; status: string }; after: { sequence: number; status: string } }> } | null;
}

interface ReplayResult {
  outcome: string;
  target: string;
  events: number;
  seconds: number;
  tally: Tally;
}

interface ReplayStatus {
  rebuildId: string;
  target?: string;
  status: string;
  progress: Progress | null;
  result: RebuildResult | ReplayResult | null;
}

export function progressLine(p: Progress): string {
  const width = 30;
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  const found = p.tally ? ` changed ${p.tally.changed}` : '';
  return `[${bar}] ${p.done}/${p.total} ${p.phase}${p.paused ? ' (paused)' : ''} ${p.rate.toFixed(0)} events/s${p.etaSeconds === null ? '' : ` ETA ${Math.ceil(p.etaSeconds)} s`}${found}`;
}

const rate = (r: { events: number; seconds: number }) => `${r.events} events in ${r.seconds.toFixed(1)} s (${(r.events / Math.max(r.seconds, 0.001)).toFixed(0)} events/s)`;

export function renderResult(status: ReplayStatus): string {
  const r = status.result;
  if (!r) return `replay ${status.rebuildId}: ${status.status}`;
  if ('tally' in r) {
    const t = r.tally;
    const verb = r.outcome === 'dry-run' ? 'would change' : 'changed';
    const lines = [`replay ${r.target} ${status.rebuildId}: ${r.outcome} — ${rate(r)}`, `${verb} ${t.changed}, unchanged ${t.unchanged}, left alone (killed or merged) ${t.fenced}, skipped ${t.skipped}`];
    for (const id of t.stories) lines.push(`  ~ ${id}`);
    return lines.join('\n');
  }
  const lines = [`replay ${status.rebuildId}: ${r.outcome} — ${rate(r)} into ${r.prefix}${r.previousPrefix ? `, replacing ${r.previousPrefix}` : ''}`];
  if (r.hash) lines.push(`hash ${r.hash.sha256}  ${r.hash.stories} stories`);
  if (r.diff) {
    lines.push(`would change: ${r.diff.added.length} added, ${r.diff.removed.length} removed, ${r.diff.changed.length} changed`);
    for (const id of r.diff.added) lines.push(`  + ${id}`);
    for (const id of r.diff.removed) lines.push(`  - ${id}`);
    for (const c of r.diff.changed) lines.push(`  ~ ${c.storyId}: ${c.before.status}@${c.before.sequence} → ${c.after.status}@${c.after.sequence}`);
  }
  return lines.join('\n');
}

/** Polls a replay, drawing its progress on stderr, until it finished; prints the result. */
async function watch(client: OpsClient, rebuildId: string, json: boolean): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = (await awaitReplay(client, rebuildId, {
    onRunning: ({ body }) => {
      const { progress } = body as unknown as ReplayStatus;
      if (progress && !json) process.stderr.write(process.stderr.isTTY ? `\r${progressLine(progress)}` : `${progressLine(progress)}\n`);
    },
  }))!;
  if (answer.status === 200 && !json && process.stderr.isTTY) process.stderr.write('\n');
  return answer;
}

interface StartOptions extends OpsOptions {
  from?: string;
  to?: string;
  stories?: string;
  dryRun?: boolean;
  batchSize: string;
  detach?: boolean;
  paused?: boolean;
}

const TARGETS = {
  projection: {
    description: 'Rebuild the Redis read model into a fresh key prefix while the live one serves, then swap atomically (blue/green); with --to, build up to that point without swapping',
    dryRun: 'rebuild aside, print which stories would change against the live view, delete the rebuild',
    to: '; without it: up to the live end, then swap',
    batchSize: '5000',
  },
  'public-topics': {
    description: 'Re-publish stories.v1 and story-updates.v1 for the story events in the range; each record carries the replay mark (field `replay`, header storyline-replay); killed and merged stories get only their tombstone',
    dryRun: 'count and list what would be re-published; send nothing',
    to: '; without it: the end of the log',
    batchSize: '2000',
  },
  enrichment: {
    description: 'Re-enrich the versions accepted in the range with the current enricher (ENRICHER_VERSION); where the enrichment differs from what the story shows, the story records it and publishes an ENRICHED update',
    dryRun: 'count and list the stories whose enrichment would change; signal nothing',
    to: '; without it: the end of the log',
    batchSize: '2000',
  },
  parse: {
    description: 'Re-parse the raw wire bytes kept in wire.submissions.v1 with the current parsers; where headline or body changed, it becomes a new version of the story that holds the item (never routed again)',
    dryRun: 'count and list the stories that would get a new version; signal nothing',
    to: '; without it: the end of the log',
    batchSize: '2000',
  },
} as const;

function startCommand(target: keyof typeof TARGETS): Command {
  const spec = TARGETS[target];
  let command = new Command(target).description(spec.description);
  command = positionOption(command, '--from', 'earliest (default), ');
  command = positionOption(command, '--to', 'an end bound (exclusive offsets, or a time): ', spec.to);
  if (target !== 'projection') command = command.option('--stories <ids>', 'only these stories (comma-separated story ids)');
  return withOpsOptions(
    command
      .option('--dry-run', spec.dryRun)
      .option('--batch-size <n>', 'records per activity (a crash repeats at most one batch)', spec.batchSize)
      .option('--detach', 'start it and print its id without waiting')
      .option('--paused', 'start it paused: it plans (its total shows in `replay status <id>`), then waits for `replay resume <id>`; implies --detach'),
  ).action(async (options: StartOptions) => {
    const stories = options.stories?.split(',').map((s) => s.trim()).filter(Boolean);
    const body = { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}), ...(stories ? { stories } : {}), dryRun: options.dryRun === true, paused: options.paused === true, batchSize: Number(options.batchSize) };
    await runOps(
      options,
      async (client) => {
        const started = await client.request('POST', `/ops/v1/replays/${target}`, body);
        if (started.status !== 202 || options.detach || options.paused) return started;
        return watch(client, String(started.body.rebuildId), options.json === true);
      },
      (answer) => console.log('rebuildId' in answer && !('status' in answer) ? `started replay ${target} ${String(answer.rebuildId)}${'prefix' in answer ? ` into ${String(answer.prefix)}` : ''}${options.paused ? ' (paused)' : ''}` : renderResult(answer as unknown as ReplayStatus)),
      printJson,
    );
  });
}

export function replayCommand(): Command {
  const replay = new Command('replay').description('Replays of the event log as Temporal workflows (resumable, with progress, pause, resume and cancel); admin API, ops:write');
  for (const target of Object.keys(TARGETS) as Array<keyof typeof TARGETS>) replay.addCommand(startCommand(target));
  replay.addCommand(
    withOpsOptions(new Command('status').description('Progress or result of a replay; without an id, the replays running now').argument('[id]', 'replay id')).action(async (id: string | undefined, options: OpsOptions) => {
      if (id === undefined) {
        await runOps(options, (client) => client.request('GET', '/ops/v1/replays'), (answer) => console.log(renderRunning(answer.items as RunningReplay[])));
        return;
      }
      await runOps(options, (client) => client.request('GET', `/ops/v1/replays/${encodeURIComponent(id)}`), (answer) => {
        const status = answer as unknown as ReplayStatus;
        console.log(status.progress ? progressLine(status.progress) : renderResult(status));
      });
    }),
  );
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    replay.addCommand(
      withOpsOptions(new Command(action).description(`${action[0]!.toUpperCase()}${action.slice(1)} a running replay`).argument('<id>', 'replay id')).action(async (id: string, options: OpsOptions) => {
        await runOps(options, (client) => client.request('POST', `/ops/v1/replays/${encodeURIComponent(id)}/${action}`, {}), () => console.log(`${action} sent to replay ${id}`));
        if (process.exitCode === undefined) process.exitCode = EXIT.ok;
      }),
    );
  }
  return replay;
}

export interface RunningReplay {
  rebuildId: string;
  target: string;
  startedAt: string;
  progress: Progress | null;
}

export function renderRunning(items: readonly RunningReplay[]): string {
  if (items.length === 0) return '  (none running)';
  return items.map((r) => `  ${r.target.padEnd(14)} ${r.rebuildId}  since ${r.startedAt}  ${r.progress ? progressLine(r.progress) : '(no progress: is an operations worker running?)'}`).join('\n');
}
