import type avro from 'avsc';
import { join } from 'node:path';
import { parseSchemaFiles, readSchemaFiles, SCHEMAS_DIR } from './schema-files.ts';

export const RELEASED_SCHEMAS_DIR = join(SCHEMAS_DIR, 'released');

export type CompatibilityDirection = 'backward' | 'forward';

export interface CompatibilityProblem {
  readonly type: string;
  readonly direction: CompatibilityDirection;
  readonly reason: string;
}

function canRead(reader: avro.Type, writer: avro.Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Backward: the new schema reads data written with the released one (consumers upgrade first).
 * Forward: the released schema reads data written with the new one (producers upgrade first).
 * Both must hold for every type that was released; new types are free.
 */
export function checkCompatibility(current: Map<string, avro.Type>, released: Map<string, avro.Type>): CompatibilityProblem[] {
  const problems: CompatibilityProblem[] = [];
  for (const [name, old] of released) {
    const now = current.get(name);
    if (!now) {
      problems.push({ type: name, direction: 'backward', reason: 'the type was removed' });
      continue;
    }
    const backward = canRead(now, old);
    if (backward) problems.push({ type: name, direction: 'backward', reason: backward });
    const forward = canRead(old, now);
    if (forward) problems.push({ type: name, direction: 'forward', reason: forward });
  }
  return problems;
}

export function checkAgainstReleased(schemasDir = SCHEMAS_DIR, releasedDir = join(schemasDir, 'released')): CompatibilityProblem[] {
  return checkCompatibility(parseSchemaFiles(readSchemaFiles(schemasDir)), parseSchemaFiles(readSchemaFiles(releasedDir)));
}
