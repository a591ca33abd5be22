import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';

export const SCHEMAS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas');

export interface SchemaFile {
  readonly file: string;
  readonly fullName: string;
  readonly schema: avro.Schema & { name: string; namespace?: string };
}

/** Reads every `.avsc` under a folder: one named type per file, the file named after it. */
export function readSchemaFiles(dir = SCHEMAS_DIR): SchemaFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.avsc'))
    .sort()
    .map((file) => {
      const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaFile['schema'];
      const fullName = schema.namespace ? `${schema.namespace}.${schema.name}` : schema.name;
      if (`${fullName}.avsc` !== file) throw new Error(`${file}: the file must be named after its type ${fullName}`);
      return { file, fullName, schema };
    });
}

/**
 * Parses the files into avsc types, resolving names across files. Files reference one another by
 * full name, so types are parsed once their dependencies are known.
 */
export function parseSchemaFiles(files: readonly SchemaFile[]): Map<string, avro.Type> {
  const registry: Record<string, avro.Type> = {};
  const pending = [...files];
  while (pending.length > 0) {
    const before = pending.length;
    for (let i = pending.length - 1; i >= 0; i--) {
      const file = pending[i]!;
      try {
        // A failed parse may leave half-registered names behind, so each attempt gets a scratch copy.
        const scratch = { ...registry };
        avro.Type.forSchema(file.schema, { registry: scratch });
        Object.assign(registry, scratch);
        pending.splice(i, 1);
      } catch (error) {
        if (!/undefined type name/.test(String(error))) throw new Error(`${file.file}: ${String(error)}`, { cause: error });
      }
    }
    if (pending.length === before) {
      throw new Error(`unresolved type names in: ${pending.map((f) => f.file).join(', ')}`);
    }
  }
  return new Map(files.map((f) => [f.fullName, registry[f.fullName]!]));
}
