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
  /** From GET /ops/v1/metrics/stages, when it answered. */
  stages?: StageLine[];
}

interface Latency {
  p50: number;
  p95: number;
}

interface StageLine {
  stage: string;
  messages: number;
  deadLetters: number;
  points: Array<{ perSecond: number; handleMs: Latency | null; ageMs: Latency | null }>;
}

const latency = (l: Latency | null | undefined) => (l ? `${l.p50.toFixed(1)}/${l.p95.toFixed(1)} ms` : '-');

/** Each stage's latest interval: rate, and p50/p95 of handler time and record age from the latest interval that had messages. */
export function renderStages(stages: readonly StageLine[]): string[] {
  if (stages.length === 0) return ['  (no stage reports metrics)'];
  return stages.map((s) => {
    const last = s.points.at(-1);
    const active = [...s.points].reverse().find((p) => p.handleMs !== null);
    return `  ${s.stage.padEnd(14)} handled ${String(s.messages).padStart(7)}  ${(last ? last.perSecond.toFixed(2) : '-').padStart(8)}/s  handler ${latency(active?.handleMs).padEnd(18)} age ${latency(active?.ageMs).padEnd(18)} dead letters ${s.deadLetters}`;
  });
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
  if (body.stages) lines.push('', 'stages (per second: latest interval; handler and age p50/p95: latest interval with messages)', ...renderStages(body.stages));
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
  return withOpsOptions(new Command('status').description('Servers, consumer lag per group and partition, throughput and latency per stage, dead-letter counts, running replays and the audit log (admin API, ops:read)')).action(async (options: OpsOptions) => {
    await runOps(
      options,
      async (client) => {
        const [status, stages] = await Promise.all([client.request('GET', '/ops/v1/status'), client.request('GET', '/ops/v1/metrics/stages').catch(() => null)]);
        return stages?.status === 200 ? { status: status.status, body: { ...status.body, stages: stages.body.stages } } : status;
      },
      (body) => console.log(renderStatus(body as unknown as StatusBody)),
    );
  });
}
