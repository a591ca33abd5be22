import { Command } from 'commander';
import { runOps, withOpsOptions, type OpsOptions } from './ops-client.ts';
import { renderRunning, type RunningReplay } from './replay-command.ts';

interface StatusBody {
  environment: string | null;
  projection: string;
  servers: Array<{ name: string; ok: boolean; detail: string }>;
  consumers: Array<{ consumer: string; group: string; topic: string; state: string; members: Array<{ clientId: string; host: string }>; partitions: Array<{ partition: number; committed: string | null; end: string; lag: number }>; totalLag: number }> | { error: string };
  deadLetters: Array<{ consumer: string; topic: string; count: number }> | { error: string };
  replays?: RunningReplay[] | { error: string };
  audit: Array<{ at: string; actor: string; action: string; target: string; outcome: string; detail: string }>;
}

export function renderStatus(body: StatusBody): string {
  const lines = [`environment ${body.environment ?? '(none)'}   projection prefix ${body.projection}`, '', 'servers'];
  for (const s of body.servers) lines.push(`  ${s.name.padEnd(16)} ${s.ok ? 'up  ' : 'DOWN'} ${s.detail}`);
  lines.push('', 'consumers (lag per partition)');
  if ('error' in body.consumers) lines.push(`  unavailable: ${body.consumers.error}`);
  else
    for (const c of body.consumers) {
      const parts = c.partitions.map((p) => `p${p.partition} ${p.committed ?? '-'}/${p.end} lag ${p.lag}`).join('  ');
      lines.push(`  ${c.consumer.padEnd(10)} ${c.state.padEnd(12)} ${String(c.members.length).padStart(2)} member(s)  lag ${String(c.totalLag).padStart(6)}   ${parts}`);
    }
  lines.push('', 'dead letters');
  if ('error' in body.deadLetters) lines.push(`  unavailable: ${body.deadLetters.error}`);
  else for (const d of body.deadLetters) lines.push(`  ${d.consumer.padEnd(10)} ${String(d.count).padStart(6)}  ${d.topic}`);
  lines.push('', 'replays running');
  if (!body.replays) lines.push('  (not reported)');
  else if ('error' in body.replays) lines.push(`  unavailable: ${body.replays.error}`);
  else lines.push(renderRunning(body.replays));
  lines.push('', 'audit (newest first)');
  if (body.audit.length === 0) lines.push('  (no operations yet)');
  for (const a of body.audit) lines.push(`  ${a.at}  ${a.actor.padEnd(12)} ${a.action.padEnd(20)} ${a.target.padEnd(24)} ${a.outcome.padEnd(8)} ${a.detail}`);
  return lines.join('\n');
}

export function statusCommand(): Command {
  return withOpsOptions(new Command('status').description('Servers, consumer lag per group and partition, dead-letter counts, running replays and the audit log (admin API, ops:read)')).action(async (options: OpsOptions) => {
    await runOps(options, (client) => client.request('GET', '/ops/v1/status'), (body) => console.log(renderStatus(body as unknown as StatusBody)));
  });
}
