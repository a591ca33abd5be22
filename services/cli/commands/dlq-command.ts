import { Command } from 'commander';
import { runOps, withOpsOptions, type OpsOptions } from './ops-client.ts';

interface Letter {
  id: string;
  consumer: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  key: string | null;
  errorCode: string;
  errorMessage: string;
  failedAt: string;
  redriven: { at: string; by: string } | null;
  headers?: Record<string, string>;
  value?: string | null;
}

const line = (l: Letter) => `${l.id.padEnd(18)} ${l.failedAt}  ${`${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}`.padEnd(36)} ${l.errorCode.padEnd(28)} ${l.redriven ? `re-driven ${l.redriven.at} by ${l.redriven.by}` : ''}`;

export function dlqCommand(): Command {
  const dlq = new Command('dlq').description('Dead letters per consumer: list, show, re-drive (admin API; ops:read to look, ops:write to re-drive)');
  dlq.addCommand(
    withOpsOptions(new Command('list').description('Dead letters with cause and source topic/partition/offset').option('--consumer <name>', 'only this consumer (dedupe-router, enrich, projection, publisher)')).action(async (options: OpsOptions & { consumer?: string }) => {
      const query = options.consumer ? `?consumer=${encodeURIComponent(options.consumer)}` : '';
      await runOps(options, (client) => client.request('GET', `/ops/v1/dead-letters${query}`), (body) => {
        const items = body.items as Letter[];
        if (items.length === 0) console.log('no dead letters');
        for (const l of items) console.log(line(l));
      });
    }),
  );
  dlq.addCommand(
    withOpsOptions(new Command('show').description('One dead letter: cause, source, headers and the original bytes (base64)').argument('<id>', '<consumer>:<offset>, as dlq list prints it')).action(async (id: string, options: OpsOptions) => {
      await runOps(options, (client) => client.request('GET', `/ops/v1/dead-letters/${encodeURIComponent(id)}`), (body) => {
        const l = body as unknown as Letter;
        console.log(`${line(l)}\n  key      ${l.key ?? '-'}\n  error    ${l.errorMessage}\n  headers  ${JSON.stringify(l.headers ?? {})}\n  bytes    ${l.value ?? '(null)'}`);
      });
    }),
  );
  dlq.addCommand(
    withOpsOptions(
      new Command('redrive')
        .description('Produce a dead letter back onto its source topic for the consumer that gave up (once per dead letter; other consumers of the topic skip it)')
        .argument('[id]', '<consumer>:<offset>')
        .option('--all', 'every dead letter not re-driven yet')
        .option('--consumer <name>', 'with --all: only this consumer')
        .option('--dry-run', 'say what would be re-driven, change nothing'),
    ).action(async (id: string | undefined, options: OpsOptions & { all?: boolean; consumer?: string; dryRun?: boolean }) => {
      if ((id === undefined) === (options.all !== true)) {
        console.error('storyline: give a dead-letter id or --all');
        process.exitCode = 2;
        return;
      }
      const body = { dryRun: options.dryRun === true, ...(options.all && options.consumer ? { consumer: options.consumer } : {}) };
      await runOps(options, (client) => client.request('POST', id ? `/ops/v1/dead-letters/${encodeURIComponent(id)}/redrive` : '/ops/v1/dead-letters/redrive', body), (answer) => {
        if (id) console.log(`${String(answer.kind)} ${id}${typeof answer.to === 'string' ? ` → ${answer.to}` : ''}`);
        else {
          const items = answer.items as Array<{ kind: string; id: string; detail: string }>;
          for (const item of items) console.log(`${item.kind.padEnd(16)} ${item.id.padEnd(18)} ${item.detail}`);
          console.log(`${items.length} dead letter(s); ${String(answer.skipped)} already re-driven`);
        }
      });
    }),
  );
  return dlq;
}
