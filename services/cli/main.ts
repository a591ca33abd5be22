import { Command } from 'commander';
import { describeError } from '../shared/errors.ts';
import { infraCommand } from './commands/infra-command.ts';
import { startCommand } from './commands/start-command.ts';
import { benchCommand } from './commands/bench-command.ts';
import { evalCommand } from './commands/eval-command.ts';
import { schemasCommand } from './commands/schemas-command.ts';
import { parseCommand } from './commands/parse-command.ts';
import { principalsCommand } from './commands/principals-command.ts';
import { ingestCommand } from './commands/ingest-command.ts';
import { dedupeCommand } from './commands/dedupe-command.ts';
import { enrichCommand } from './commands/enrich-command.ts';

const program = new Command('storyline')
  .description('Storyline: an event-sourced news-update pipeline (ingest, de-duplicate, enrich, publish)')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(infraCommand())
  .addCommand(schemasCommand())
  .addCommand(benchCommand())
  .addCommand(evalCommand())
  .addCommand(parseCommand())
  .addCommand(principalsCommand())
  .addCommand(ingestCommand())
  .addCommand(dedupeCommand())
  .addCommand(enrichCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`storyline: ${describeError(error)}`);
  process.exitCode = 1;
});
