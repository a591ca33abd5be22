import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export interface NinjsValidator {
  readonly schemaId: string;
  validate(document: unknown): { valid: true } | { valid: false; errors: string[] };
}

/**
 * The IPTC ninjs JSON Schema, read at run time from the shared data folder (its licence keeps it out
 * of the repository), compiled with Ajv in strict draft 2020-12 mode and formats checked. ninjs
 * places reference the GeoJSON schema by its public URL; the validation suite ships a copy.
 */
export function ninjsValidator(ninjsDir: string, version: string): NinjsValidator {
  const schemaFile = join(ninjsDir, 'specification', `ninjs-schema_${version}.json`);
  const geoJsonFile = join(ninjsDir, 'validation', 'test_suite', 'GeoJSON-schema.json');
  for (const file of [schemaFile, geoJsonFile]) if (!existsSync(file)) throw new Error(`ninjs schema file ${file} is missing; set STORYLINE_DATA_DIR to the shared data folder`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const geoJson = JSON.parse(readFileSync(geoJsonFile, 'utf8')) as Record<string, unknown>;
  ajv.addSchema(geoJson);
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { $id: string };
  const validate: ValidateFunction = ajv.compile(schema);
  return {
    schemaId: schema.$id,
    validate(document) {
      if (validate(document)) return { valid: true };
      return { valid: false, errors: (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`) };
    },
  };
}
