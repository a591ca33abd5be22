import { readSchemaFiles, type SchemaFile } from './schema-files.ts';

type JsonSchema = string | JsonSchema[] | { [key: string]: unknown };

const PRIMITIVES: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function tsType(schema: JsonSchema): string {
  if (typeof schema === 'string') return PRIMITIVES[schema] ?? shortName(schema);
  if (Array.isArray(schema)) return schema.map(tsType).join(' | ');
  const type = schema.type as JsonSchema;
  if (type === 'array') return `Array<${tsType(schema.items as JsonSchema)}>`;
  if (type === 'map') return `Record<string, ${tsType(schema.values as JsonSchema)}>`;
  if (type === 'record' || type === 'enum' || type === 'fixed') return shortName(String(schema.name));
  return tsType(type);
}

function doc(text: unknown, indent = ''): string {
  return typeof text === 'string' ? `${indent}/** ${text} */\n` : '';
}

function declaration({ schema }: SchemaFile): string {
  const s = schema as unknown as { type: string; name: string; doc?: string; symbols?: string[]; fields?: Array<{ name: string; type: JsonSchema; doc?: string }> };
  if (s.type === 'enum') {
    return `${doc(s.doc)}export type ${s.name} = ${(s.symbols ?? []).map((x) => `'${x}'`).join(' | ')};\n`;
  }
  if (s.type === 'record') {
    const fields = (s.fields ?? []).map((f) => `${doc(f.doc, '  ')}  ${f.name}: ${tsType(f.type)};`).join('\n');
    return `${doc(s.doc)}export interface ${s.name} {\n${fields}\n}\n`;
  }
  throw new Error(`${s.name}: only records and enums are supported at the top of a file`);
}

/** The TypeScript source for every schema under schemas/: the types are generated, never hand-written. */
export function generateTypes(files = readSchemaFiles()): string {
  const header = '// Generated from schemas/*.avsc by `npx storyline schemas codegen`. Do not edit.\n\n';
  return header + files.map(declaration).join('\n');
}
