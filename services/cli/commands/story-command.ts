import { Command } from 'commander';
import { runOps, withOpsOptions, type OpsOptions } from './ops-client.ts';

interface Inspection {
  storyId: string;
  history: Array<{ sequence: number; type: string; occurredAt: number; why: string }>;
  log: { topic: string; partition: number; events: number; lastSequence: number };
  readModel: { prefix: string; status: string; sequence: number; offset: string; versions: number[]; story: { article: { headlines: Array<{ value: string }> } } | null } | null;
  storiesTopic: { partition: number; offset: string; tombstone: boolean; version: number | null } | null;
  workflow: { workflowId: string; status?: string; error?: string };
  diff: { from: number; to: number; headline: { before: string; after: string } | null; fields: Array<{ field: string; before: unknown; after: unknown }>; paragraphs: Array<{ kind: string; before: string | null; after: string | null }> } | null;
}

export function renderInspection(s: Inspection): string {
  const lines = [`story ${s.storyId}`];
  const rm = s.readModel;
  lines.push(`  event log      ${s.log.topic} partition ${s.log.partition}: ${s.log.events} record(s), last sequence ${s.log.lastSequence}`);
  lines.push(`  read model     ${rm ? `${rm.status} at sequence ${rm.sequence} (offset ${rm.offset}, prefix ${rm.prefix}), versions ${rm.versions.join(', ') || 'none'}${rm.sequence < s.log.lastSequence ? `  BEHIND the log by ${s.log.lastSequence - rm.sequence}` : ''}` : 'absent'}`);
  lines.push(`  stories.v1     ${s.storiesTopic ? (s.storiesTopic.tombstone ? `tombstone at p${s.storiesTopic.partition}@${s.storiesTopic.offset}` : `version ${s.storiesTopic.version} at p${s.storiesTopic.partition}@${s.storiesTopic.offset}`) : 'no record'}`);
  lines.push(`  workflow       ${s.workflow.workflowId}: ${s.workflow.status ?? `unknown (${s.workflow.error ?? ''})`}`);
  lines.push('', 'history');
  for (const h of s.history) lines.push(`  ${String(h.sequence).padStart(4)}  ${new Date(h.occurredAt).toISOString()}  ${h.type.padEnd(20)} ${h.why}`);
  if (s.diff) {
    lines.push('', `diff v${s.diff.from} → v${s.diff.to}`);
    if (s.diff.headline) lines.push(`  headline: ${JSON.stringify(s.diff.headline.before)} → ${JSON.stringify(s.diff.headline.after)}`);
    for (const f of s.diff.fields) lines.push(`  ${f.field}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`);
    for (const p of s.diff.paragraphs) lines.push(`  ${p.kind.padEnd(8)} ${p.before ? `- ${p.before}` : ''}${p.before && p.after ? '\n           ' : ''}${p.after ? `+ ${p.after}` : ''}`);
    if (!s.diff.headline && s.diff.fields.length === 0 && s.diff.paragraphs.length === 0) lines.push('  (no difference)');
  }
  return lines.join('\n');
}

export function storyCommand(): Command {
  return withOpsOptions(
    new Command('story')
      .description("A story's whole life: every event with each decision's evidence, where it stands in Redis, on stories.v1 and in its workflow (admin API, ops:read)")
      .argument('<id>', 'story id')
      .option('--diff <a,b>', 'what changed between two published versions, e.g. 1,3'),
  ).action(async (id: string, options: OpsOptions & { diff?: string }) => {
    const query = options.diff ? `?diff=${encodeURIComponent(options.diff)}` : '';
    await runOps(options, (client) => client.request('GET', `/ops/v1/stories/${encodeURIComponent(id)}${query}`), (body) => console.log(renderInspection(body as unknown as Inspection)));
  });
}
