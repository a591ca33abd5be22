import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeRefusal, parseLocally } from '../../../services/cli/commands/parse-command.ts';

const BIN = fileURLToPath(new URL('../../../services/cli/bin.mjs', import.meta.url));
const SEED = fileURLToPath(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url));

async function storyline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, STORYLINE_LOG_LEVEL: 'silent' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('storyline parse (spawned, no server)', () => {
  it('prints the seed article with its dateline: Geneva, 2022-01-22', async () => {
    const { code, stdout } = await storyline('parse', SEED);
    expect(code).toBe(0);
    const article = JSON.parse(stdout) as { located: { city: string; date: string }; raw: { format: string } };
    expect(article.located).toMatchObject({ city: 'Geneva', date: '2022-01-22' });
    expect(article.raw.format).toBe('PLAIN_TEXT');
  }, 30_000);

  it('prints the refusal with code and field, and exits non-zero', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'storyline-parse-')), 'bad.json');
    writeFileSync(file, '{"uri": "x", "headline": "Talks", "body_text": "Talks.", "versioncreated": "yesterday"}');
    const { code, stdout, stderr } = await storyline('parse', file, '--content-type', 'application/ninjs+json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('invalid_value');
    expect(stderr).toContain('field /versioncreated');
  }, 30_000);

  it('reports per-format counts for a folder', async () => {
    const { code, stdout } = await storyline('parse', '--report', fileURLToPath(new URL('../../fixtures/wire', import.meta.url)));
    expect(code).toBe(0);
    expect(stdout).toMatch(/PLAIN_TEXT\s+parsed\s+1\s+refused\s+0/);
  }, 30_000);
});

describe('storyline parse: local parsing', () => {
  it('uses the content type and the reception time given', () => {
    const text = Buffer.from('Talks end without progress\n\nGENEVA (AP) — The talks ended on Friday without progress, officials said.\n');
    const receivedAt = Date.UTC(2022, 0, 22, 12);
    const outcome = parseLocally(text, 'a.txt', { provider: 'cli', contentType: 'text/plain', receivedAt }, 1);
    expect(outcome).toMatchObject({ ok: true, items: [{ format: 'PLAIN_TEXT', article: { versioncreated: receivedAt, provider: { id: 'cli' } } }] });
    const refused = parseLocally(Buffer.from('{"headline": "x"'), 'a.json', { provider: 'cli', contentType: 'application/json' }, 1);
    expect(refused).toMatchObject({ ok: false, error: { code: 'malformed_json' } });
  });

  it('describes a refusal on one line with field and line', () => {
    expect(describeRefusal('f.xml', { code: 'malformed_xml', message: 'unclosed tag', line: 3, column: 7 })).toBe('f.xml: malformed_xml: unclosed tag (line 3:7)');
    expect(describeRefusal('f.json', { code: 'missing_field', message: 'no headline', field: '/headline' })).toBe('f.json: missing_field: no headline (field /headline)');
  });
});
