import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { EXIT, printJson, runOps, withOpsOptions, type OpsClient, type OpsOptions } from './ops-client.ts';

interface Progress {
  phase: string;
  paused: boolean;
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
}

interface ReplayStatus {
  rebuildId: string;
  status: string;
  progress: Progress | null;
  result: { outcome: string; prefix: string; previousPrefix: string | null; events: number; seconds: number; hash: { sha256: string; stories: number } | null; diff: { added: string[]; removed: string[]; changed: Array<{ storyId: string; before: { sequence: number; status: string }; after: { sequence: number; status: string } }> } | null } | null;
}

export function progressLine(p: Progress): string {
  const width = 30;
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  return `[${bar}] ${p.done}/${p.total} ${p.phase}${p.paused ? ' (paused)' : ''} ${p.rate.toFixed(0)} events/s${p.etaSeconds === null ? '' : ` ETA ${Math.ceil(p.etaSeconds)} s`}`;
}

export function renderResult(status: ReplayStatus): string {
  const r = status.result;
  if (!r) return `replay ${status.rebuildId}: ${status.status}`;
  const lines = [`replay ${status.rebuildId}: ${r.outcome} — ${r.events} events in ${r.seconds.toFixed(1)} s (${(r.events / Math.max(r.seconds, 0.001)).toFixed(0)} events/s) into ${r.prefix}${r.previousPrefix ? `, replacing ${r.previousPrefix}` : ''}`];
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
  for (;;) {
    const answer = await client.request('GET', `/ops/v1/replays/${rebuildId}`);
    if (answer.status !== 200) return answer;
    const status = answer.body as unknown as ReplayStatus;
    if (status.status !== 'RUNNING') {
      if (!json && process.stderr.isTTY) process.stderr.write('\n');
      return answer;
    }
    if (status.progress && !json) process.stderr.write(process.stderr.isTTY ? `\r${progressLine(status.progress)}` : `${progressLine(status.progress)}\n`);
    await sleep(1000);
  }
}

export function replayCommand(): Command {
  const replay = new Command('replay').description('Replays of the event log as Temporal workflows (resumable, with progress, pause, resume and cancel); admin API, ops:write');
  replay.addCommand(
    withOpsOptions(
      new Command('projection')
        .description('Rebuild the Redis read model into a fresh key prefix while the live one serves, then swap atomically (blue/green); with --to, build up to that point without swapping')
        .option('--from <position>', 'earliest (default), an ISO 8601 time or epoch ms, or partition:offset[,…]')
        .option('--to <position>', 'an end bound (exclusive offsets, or a time); without it: up to the live end, then swap')
        .option('--dry-run', 'rebuild aside, print which stories would change against the live view, delete the rebuild')
        .option('--batch-size <n>', 'events per activity (a crash repeats at most one batch)', '5000')
        .option('--detach', 'start it and print its id without waiting'),
    ).action(async (options: OpsOptions & { from?: string; to?: string; dryRun?: boolean; batchSize: string; detach?: boolean }) => {
      const body = { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}), dryRun: options.dryRun === true, batchSize: Number(options.batchSize) };
      await runOps(
        options,
        async (client) => {
          const started = await client.request('POST', '/ops/v1/replays/projection', body);
          if (started.status !== 202 || options.detach) return started;
          return watch(client, String(started.body.rebuildId), options.json === true);
        },
        (answer) => console.log('rebuildId' in answer && !('status' in answer) ? `started replay ${String(answer.rebuildId)} into ${String(answer.prefix)}` : renderResult(answer as unknown as ReplayStatus)),
        printJson,
      );
    }),
  );
  replay.addCommand(
    withOpsOptions(new Command('status').description('Progress or result of a replay').argument('<id>', 'replay id')).action(async (id: string, options: OpsOptions) => {
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
