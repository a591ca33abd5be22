import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { EXIT, positionOption, runOps, withOpsOptions, type OpsOptions } from './ops-client.ts';

interface TailRecord {
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
}

interface TailOptions extends OpsOptions {
  from?: string;
  recordKey?: string;
  limit: string;
  follow?: boolean;
}

function query(options: TailOptions, from: string | undefined): string {
  const params = new URLSearchParams({ limit: options.limit });
  if (from) params.set('from', from);
  if (options.recordKey) params.set('key', options.recordKey);
  return params.toString();
}

export function formatRecord(r: TailRecord): string {
  return `${r.timestamp} p${r.partition}@${r.offset} key=${r.key ?? '-'}\n  ${JSON.stringify(r.value)}`;
}

export function tailCommand(): Command {
  const tail = new Command('tail')
    .description('Records of any topic decoded through the schema registry, any schema version (admin API, ops:read); one JSON record per line with --json')
    .argument('<topic>', 'story.events.v1, wire.submissions.v1, stories.v1, story-updates.v1, dlq.<consumer>.v1');
  return withOpsOptions(
    positionOption(tail, '--from', 'earliest, latest, ', '; default: the newest records')
      .option('--record-key <key>', 'only records with this key (e.g. a story id; only its partition is read)')
      .option('--limit <n>', 'records per page', '20')
      .option('--follow', 'keep printing new records (Ctrl-C stops)'),
  ).action(async (topic: string, options: TailOptions) => {
    let from = options.from;
    for (;;) {
      let next: string | undefined;
      const print = (body: Record<string, unknown>, json: boolean) => {
        for (const record of body.records as TailRecord[]) console.log(json ? JSON.stringify(record) : formatRecord(record));
        next = body.next as string;
      };
      await runOps(options, (client) => client.request('GET', `/ops/v1/topics/${encodeURIComponent(topic)}/records?${query(options, from)}`), (body) => print(body, false), (body) => print(body, true));
      if ((process.exitCode ?? EXIT.ok) !== EXIT.ok || !options.follow || !next) return;
      from = next;
      await sleep(1000);
    }
  });
}
