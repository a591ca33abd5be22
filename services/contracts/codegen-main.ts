import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateTypes } from './codegen.ts';

export const GENERATED_TYPES_PATH = fileURLToPath(new URL('./types.generated.ts', import.meta.url));

writeFileSync(GENERATED_TYPES_PATH, generateTypes());
console.log(`wrote ${GENERATED_TYPES_PATH}`);
