import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEnricher } from '../../../services/enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../../../services/enrich/load-models.ts';
import { parseItems } from '../../../services/ingest/parsers/index.ts';
import { toNinjs } from '../../../services/publish/standards/ninjs-document.ts';
import { documentOfKill, documentOfStory } from '../../../services/publish/standards/story-document.ts';
import { carriedFields, storyOf, throughFormat, type StandardFormat } from '../../support/standard-round-trip.ts';
import { ninjsValidator } from '../../support/ninjs-validator.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repoRoot, '../shared/data');
const wireDir = join(dataDir, 'wire-formats');
const ninjsDir = join(wireDir, 'ninjs');
const RECEIVED_AT = Date.UTC(2024, 0, 1);

// Data tests run against the real corpus and the IPTC schema; they never pass by skipping them.
if (!existsSync(ninjsDir)) throw new Error(`ninjs specification and validation suite not found at ${ninjsDir}; set STORYLINE_DATA_DIR to the shared data folder`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const validator = ninjsValidator(ninjsDir, '3.1');
const enrich = createEnricher(loadEnrichmentModels());
const articles = filesUnder(wireDir).flatMap((file) =>
  parseItems({ bytes: readFileSync(file), provider: { id: 'corpus', name: 'Corpus' }, submissionId: 'data', receivedAt: RECEIVED_AT }).flatMap((result) => (result.ok ? [{ file: relative(wireDir, file), article: result.article }] : [])),
);

describe('the ninjs validator (Ajv, draft 2020-12, formats) agrees with the IPTC validation suite', () => {
  const suiteDir = join(ninjsDir, 'validation', 'test_suite');
  const cases = ['3.0', '3.1'].flatMap((version) =>
    ['should_pass', 'should_fail'].flatMap((expectation) => readdirSync(join(suiteDir, version, expectation)).map((file) => [`${version}/${expectation}/${file}`, expectation === 'should_pass'] as const)),
  );
  it.each(cases)('%s', (file, shouldPass) => {
    expect(cases.length).toBeGreaterThan(20);
    expect(validator.validate(JSON.parse(readFileSync(join(suiteDir, file), 'utf8'))).valid).toBe(shouldPass);
  });
});

describe('a story fetched as ninjs passes the IPTC ninjs 3.1 schema', () => {
  it('for every text item of the wire-format corpus, enriched, with related coverage, and after a kill', () => {
    const invalid: string[] = [];
    for (const { file, article } of articles) {
      const related = [{ item: { uri: 'storyline:item:other:a b#c#d', providerId: 'other', providerItemId: 'a b#c#d', providerVersion: 2, contentHash: 'x' }, relation: 'SAME_EVENT' as const, score: 0.8, headline: 'Other coverage' }];
      const document = toNinjs(documentOfStory(storyOf(article, enrich(article), related)));
      const result = validator.validate(document);
      if (!result.valid) invalid.push(`${file}: ${result.errors.join('; ')}`);
    }
    console.log(`ninjs 3.1 schema: ${articles.length - invalid.length} of ${articles.length} corpus items valid as served (enriched, with related coverage)`);
    expect(articles.length).toBeGreaterThan(50);
    expect(invalid).toEqual([]);
    const killed = validator.validate(toNinjs(documentOfKill('st-1', { cause: 'OPERATOR', requestedBy: 'desk', reason: 'legal', mergedInto: null, killedAt: RECEIVED_AT, sequence: 9 })));
    expect(killed).toEqual({ valid: true });
  });
});

describe('what Storyline ingests from one format it hands on in another', () => {
  // The losses a format cannot avoid (an identifier that is no URI has no place in ninjs) are
  // counted and printed; every other field both carry comes back unchanged.
  it.each(['ninjs', 'newsml-g2'] as const)('the corpus served as %s and ingested again keeps the fields both carry', (format: StandardFormat) => {
    const differing = new Map<string, string[]>();
    for (const { file, article } of articles) {
      const back = throughFormat(documentOfStory(storyOf(article)), format, RECEIVED_AT);
      const before = carriedFields(article, format) as Record<string, unknown>;
      const after = carriedFields(back, format) as Record<string, unknown>;
      for (const field of Object.keys(before)) if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) differing.set(field, [...(differing.get(field) ?? []), file]);
    }
    const changed = new Set([...differing.values()].flat());
    console.log(`${format} round trip: ${articles.length - changed.size} of ${articles.length} corpus items identical in every carried field; differing: ${JSON.stringify(Object.fromEntries([...differing].map(([field, files]) => [field, files.length])))}`);
    for (const [field, files] of differing) console.log(`  ${field}: ${files.join(', ')}`);
    expect(changed.size / articles.length).toBeLessThan(0.1);
    for (const field of ['version', 'versioncreated', 'pubstatus', 'language', 'headlines', 'byline', 'ednote', 'credit', 'people', 'organisations']) expect(differing.get(field) ?? []).toEqual([]);
  });
});
