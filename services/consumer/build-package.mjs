// Builds the package: the library and what it imports, compiled by tsc with type declarations, and
// the Avro schemas its topics need (the values' schemas and every named type they reference), which
// the library reads beside its compiled code (dist/schemas, where contracts/schema-files looks).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const schemasDir = join(here, '../../schemas');
const out = join(here, 'dist');
const ROOTS = ['storyline.v1.Story', 'storyline.v1.StoryUpdate'];

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' });

const available = new Set(readdirSync(schemasDir).filter((name) => name.endsWith('.avsc')).map((name) => name.slice(0, -'.avsc'.length)));
const needed = new Set();
const visit = (name) => {
  if (needed.has(name) || !available.has(name)) return;
  needed.add(name);
  const text = readFileSync(join(schemasDir, `${name}.avsc`), 'utf8');
  for (const [, reference] of text.matchAll(/"(storyline\.v1\.[A-Za-z]+)"/g)) visit(reference);
};
ROOTS.forEach(visit);
mkdirSync(join(out, 'schemas'), { recursive: true });
for (const name of needed) copyFileSync(join(schemasDir, `${name}.avsc`), join(out, 'schemas', `${name}.avsc`));
console.error(`@storyline/consumer: compiled to dist/, ${needed.size} schemas in dist/schemas`);
