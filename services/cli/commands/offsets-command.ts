import { Command, Option } from 'commander';
import { runOps, withOpsOptions, type OpsOptions } from './ops-client.ts';

interface ResetOptions extends OpsOptions {
  group: string;
  toDatetime?: string;
  toOffset?: string;
  shift?: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  execute?: boolean;
}

interface Plan {
  group: string;
  topic: string;
  state: string;
  activeMembers: number;
  partitions: Array<{ partition: number; current: string | null; target: string; delta: number }>;
}

export function resetBody(options: ResetOptions): Record<string, unknown> | string {
  const chosen = [options.toDatetime, options.toOffset, options.shift, options.toEarliest, options.toLatest].filter((v) => v !== undefined && v !== false);
  if (chosen.length !== 1) return 'give exactly one of --to-datetime, --to-offset, --shift, --to-earliest, --to-latest';
  if (options.shift !== undefined && !/^-?\d{1,15}$/.test(options.shift)) return `--shift ${options.shift}: an integer`;
  return {
    ...(options.toDatetime !== undefined ? { toDatetime: options.toDatetime } : {}),
    ...(options.toOffset !== undefined ? { toOffset: options.toOffset } : {}),
    ...(options.shift !== undefined ? { shift: Number(options.shift) } : {}),
    ...(options.toEarliest ? { toEarliest: true } : {}),
    ...(options.toLatest ? { toLatest: true } : {}),
    execute: options.execute === true,
  };
}

export function offsetsCommand(): Command {
  const offsets = new Command('offsets').description('Consumer group offsets of the pipeline');
  offsets.addCommand(
    withOpsOptions(
      new Command('reset')
        .description('Plan (default) or, with --execute, apply an offset reset; refused while the group has active members (admin API, ops:write)')
        .requiredOption('--group <name>', 'dedupe-router, enrich, projection or publisher (or the full group id)')
        .option('--to-datetime <time>', 'first record at or after this time (ISO 8601 or epoch ms)')
        .option('--to-offset <offsets>', 'partition:offset[,…] (other partitions go to the end)')
        .addOption(new Option('--shift <n>', 'move each partition by n (negative: back)').argParser((v) => v))
        .option('--to-earliest', 'the start of the log')
        .option('--to-latest', 'the end of the log (skip everything not yet consumed)')
        .option('--execute', 'apply the plan'),
    ).action(async (options: ResetOptions) => {
      const body = resetBody(options);
      if (typeof body === 'string') {
        console.error(`storyline: ${body}`);
        process.exitCode = 2;
        return;
      }
      await runOps(options, (client) => client.request('POST', `/ops/v1/consumer-groups/${encodeURIComponent(options.group)}/offsets/reset`, body), (answer) => {
        const plan = answer.plan as Plan;
        console.log(`group ${plan.group} on ${plan.topic}: ${plan.state}, ${plan.activeMembers} active member(s)`);
        for (const p of plan.partitions) console.log(`  partition ${p.partition}: ${p.current ?? '(none)'} → ${p.target} (${p.delta >= 0 ? '+' : ''}${p.delta})`);
        console.log(answer.executed ? 'executed' : 'plan only: add --execute to apply (the group must have no active members)');
      });
    }),
  );
  return offsets;
}
