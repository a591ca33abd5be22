import { Command } from 'commander';
import { runOps, withOpsOptions, type OpsOptions } from './ops-client.ts';

export function projectionCommand(): Command {
  const projection = new Command('projection').description('The Redis read model');
  projection.addCommand(
    withOpsOptions(
      new Command('hash')
        .description('SHA-256 over the sorted (storyId, sequence, status, canonical public story) of the read model: equal hashes prove equal views (admin API, ops:read)')
        .option('--prefix <prefix>', 'a projection prefix (default: the active one)'),
    ).action(async (options: OpsOptions & { prefix?: string }) => {
      const query = options.prefix ? `?prefix=${encodeURIComponent(options.prefix)}` : '';
      await runOps(options, (client) => client.request('GET', `/ops/v1/projection/hash${query}`), (body) => console.log(`${String(body.sha256)}  ${String(body.stories)} stories  prefix ${String(body.prefix)}`));
    }),
  );
  return projection;
}
