import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { generateTypes } from '../../contracts/codegen.ts';
import { checkAgainstReleased, RELEASED_SCHEMAS_DIR } from '../../contracts/compatibility.ts';
import { SCHEMAS_DIR } from '../../contracts/schema-files.ts';
import { SchemaCatalog } from '../../contracts/avro-codec.ts';
import { SchemaRegistryClient } from '../../contracts/schema-registry-client.ts';
import { topicCatalogue } from '../../contracts/topics.ts';
import { loadConfig } from '../../shared/config.ts';

const GENERATED = fileURLToPath(new URL('../../contracts/types.generated.ts', import.meta.url));

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description('The Avro contracts under schemas/: generate types, check evolution, register');
  schemas
    .command('codegen')
    .description('Regenerate services/contracts/types.generated.ts from schemas/*.avsc')
    .action(() => {
      writeFileSync(GENERATED, generateTypes());
      console.log(`wrote ${GENERATED}`);
    });
  schemas
    .command('check')
    .description('Check every schema is backward and forward compatible with schemas/released/')
    .action(() => {
      const problems = checkAgainstReleased();
      for (const p of problems) console.log(`${p.type}: not ${p.direction} compatible: ${p.reason}`);
      console.log(problems.length === 0 ? 'all schemas compatible with the released ones' : `${problems.length} problem(s)`);
      if (problems.length > 0) process.exitCode = 1;
    });
  schemas
    .command('release')
    .description('Snapshot the current schemas as the released version (after `check` passes)')
    .action(() => {
      rmSync(RELEASED_SCHEMAS_DIR, { recursive: true, force: true });
      mkdirSync(RELEASED_SCHEMAS_DIR, { recursive: true });
      const files = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.avsc'));
      for (const file of files) copyFileSync(join(SCHEMAS_DIR, file), join(RELEASED_SCHEMAS_DIR, file));
      console.log(`released ${files.length} schemas into ${RELEASED_SCHEMAS_DIR}`);
    });
  schemas
    .command('register')
    .description("Register every topic's value schema in the schema registry (subject <topic>-value)")
    .action(async () => {
      const catalog = SchemaCatalog.fromSchemasDir();
      const config = loadConfig();
      const registry = new SchemaRegistryClient(config.registry.url);
      for (const topic of topicCatalogue(config.kafkaPrefix).all()) {
        const id = await registry.register(`${topic.name}-value`, catalog.canonicalSchema(topic.valueSchema));
        console.log(`${topic.name}-value → id ${id}`);
      }
    });
  return schemas;
}
