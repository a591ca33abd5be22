import { Command } from 'commander';
import { loadConfig, type Config } from '../../shared/config.ts';
import { down, logs, status, up } from '../../../infra/stack.ts';

const serverList = '(redis, kafka, schema-registry, temporal; default: all)';

export function infraCommand(): Command {
  const infra = new Command('infra').description('Provision, start, stop and inspect the local servers (Kafka, schema registry, Redis, Temporal)');
  infra
    .command('up')
    .description(`Provision (cached) and start the servers on loopback; reuses running ones ${serverList}`)
    .argument('[servers...]', 'servers to start')
    .action(async (servers: string[]) => {
      const config = loadConfig();
      await up(config, (line) => console.log(line), servers);
      await printStatus(config);
    });
  infra
    .command('down')
    .description(`Stop the servers this project started ${serverList}`)
    .argument('[servers...]', 'servers to stop')
    .action(async (servers: string[]) => down(loadConfig(), (line) => console.log(line), servers));
  infra.command('status').description('Show each server: state, pid, version, endpoints, log').action(() => printStatus(loadConfig()));
  infra
    .command('logs')
    .description('Print the last lines of a server log')
    .argument('<server>', 'redis, kafka, schema-registry or temporal')
    .option('-n, --lines <n>', 'number of lines', '60')
    .action((server: string, options: { lines: string }) => console.log(logs(loadConfig(), server, Number(options.lines))));
  return infra;
}

export async function printStatus(config: Config): Promise<void> {
  const rows = await status(config);
  for (const row of rows) {
    const endpoints = Object.entries(row.endpoints).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`${row.name.padEnd(16)} ${row.state.padEnd(10)} ${String(row.pid ?? '-').padEnd(7)} ${row.version.padEnd(26)} ${endpoints}`);
    console.log(`${''.padEnd(16)} log: ${row.logPath}`);
  }
}
