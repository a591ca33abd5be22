import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

// The story domain runs inside the Temporal workflow bundle: it must stay deterministic and free of Node.
const DOMAIN_DIR = new URL('../../../services/domain/story/', import.meta.url);
const files = readdirSync(DOMAIN_DIR).filter((file) => file.endsWith('.ts'));
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe.each(files)('services/domain/story/%s', (file) => {
  const source = readFileSync(new URL(file, DOMAIN_DIR), 'utf8');

  it('imports only relative modules, and the contracts as types', () => {
    const imports = [...source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)].map(([, typeOnly, from]) => ({ typeOnly: Boolean(typeOnly), from: from! }));
    for (const { typeOnly, from } of imports) {
      expect(builtins.has(from), `${from} is a Node built-in`).toBe(false);
      expect(from.startsWith('./') || (typeOnly && from.startsWith('../../contracts/')), `${file} imports ${from}`).toBe(true);
    }
  });

  it('reads no clock and no randomness', () => {
    expect(source).not.toMatch(/\bDate\.now\b|\bnew Date\b|\bMath\.random\b|\bcrypto\b|\bprocess\./);
  });
});
