import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../../services/contracts/codegen.ts';

describe('generated TypeScript types', () => {
  it('are up to date with schemas/*.avsc (run npm run schemas:codegen)', () => {
    const committed = readFileSync(new URL('../../../services/contracts/types.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(generateTypes());
  });
});
