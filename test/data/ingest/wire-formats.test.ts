import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCorpusCounts, reportCorpus } from '../../../services/ingest/parsers/corpus-report.ts';
import { PARSE_ERROR_CODES } from '../../../services/ingest/parsers/index.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repoRoot, '../shared/data');
const wireDir = join(dataDir, 'wire-formats');
const RECEIVED_AT = Date.UTC(2024, 0, 1);

// Data tests run against the real corpus and must never pass by silently skipping it.
if (!existsSync(wireDir) || !statSync(wireDir).isDirectory()) {
  throw new Error(`wire-format corpus not found at ${wireDir}; set STORYLINE_DATA_DIR to the shared data folder`);
}

const report = reportCorpus(wireDir, RECEIVED_AT);
console.log(`wire-formats corpus (${report.files.length} files):\n${formatCorpusCounts(report)}`);
for (const { file, results } of report.files) {
  for (const result of results) if (!result.ok && result.format !== 'UNKNOWN' && result.format !== 'PLAIN_TEXT') console.log(`refused ${result.format} ${file}: ${result.error.code} — ${result.error.message}`);
}

/** Whether the file itself declares a byline or a dateline (top-level ninjs keys, NITF/G2 elements with content). */
function declaredMetadata(raw: string, format: string): { byline: boolean; dateline: boolean } {
  if (format === 'NINJS') {
    const item = JSON.parse(Buffer.from(raw, 'latin1').toString('utf8')) as Record<string, unknown>;
    const has = (key: string): boolean => Object.entries(item).some(([name, value]) => name.toLowerCase() === key && typeof value === 'string' && value.trim() !== '');
    return { byline: has('byline') || has('by'), dateline: has('located') };
  }
  return {
    byline: /<(byline|by)\b[^>]*>\s*[^<\s]/.test(raw),
    dateline: /<dateline\b[^>]*>\s*<location>\s*<city>|<located\b[^>]*\b(literal|qcode)="[^"]|<located\b[^>]*>\s*<name>[^<\s]/.test(raw),
  };
}

describe('wire-format corpus', () => {
  it('parses a good share of every supported structured format', () => {
    expect(report.counts.NITF.parsed).toBeGreaterThan(0);
    expect(report.counts.NEWSML_G2.parsed).toBeGreaterThan(0);
    expect(report.counts.NINJS.parsed).toBeGreaterThan(0);
  });

  it.each(report.files.map((entry) => [entry.file, entry] as const))('%s', (_file, { file, results }) => {
    const raw = readFileSync(join(wireDir, file), 'latin1');
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      if (!result.ok) {
        expect(PARSE_ERROR_CODES).toContain(result.error.code);
        expect(result.error.message.length).toBeGreaterThan(10);
        if (result.format === 'UNKNOWN') expect(['unsupported_media_type', 'unsupported_format', 'malformed_xml']).toContain(result.error.code);
        // NITF and text newsItems are expected to parse; the only refusals are for items that are not text stories.
        if (result.format === 'NITF') expect(['empty_body', 'unsupported_item_type']).toContain(result.error.code);
        continue;
      }
      const article = result.article;
      expect(article.headlines[0]?.value.trim()).toBeTruthy();
      // A withdrawal (pubstatus canceled) needs no body: agencies send kills as empty new versions.
      if (article.pubstatus !== 'canceled') expect(article.bodies[0]?.value.trim()).toBeTruthy();
      expect(Number.isFinite(article.versioncreated)).toBe(true);
      expect(article.providerItemId).toBeTruthy();
      expect(Number.isInteger(article.providerVersion)).toBe(true);
      expect(article.uri).toBe(`storyline:item:corpus:${article.providerItemId}`);
      expect(article.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(article.raw.size).toBe(statSync(join(wireDir, file)).size);
      if (results.length === 1) {
        const expected = declaredMetadata(raw, result.format);
        if (expected.byline) expect(article.byline).not.toBeNull();
        if (expected.dateline) expect(article.located).not.toBeNull();
      }
    }
  });
});
