import { Command } from 'commander';
import { loadConfig } from '../../shared/config.ts';
import { up } from '../../../infra/stack.ts';
import { printStatus } from './infra-command.ts';

export function startCommand(): Command {
  return new Command('start')
    .description('The main job on its embedded default: local servers up, the pipeline running, sample wire copy flowing through')
    .action(async () => {
      const config = loadConfig();
      await up(config, (line) => console.log(line));
      await printStatus();
    });
}
