import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Enrichment, EnrichmentDetail } from '../../../services/enrich/enrichment.ts';
import { createDetailedEnricher, enrichArticle, ENRICHER_VERSION } from '../../../services/enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../../../services/enrich/load-models.ts';
import { plainArticle } from './plain-article.ts';

const SEED = readFileSync(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url), 'utf8');

describe('enrichment of the seed article (Geneva talks, 2022-01-22)', () => {
  let enrichment: Enrichment;
  let detail: EnrichmentDetail;
  beforeAll(() => {
    const article = plainArticle(SEED, { headline: 'US and Russia report no progress in Geneva talks over Ukraine' });
    enrichment = enrichArticle(article);
    detail = createDetailedEnricher(loadEnrichmentModels())(article);
  }, 60_000);

  const entity = (kind: string, name: string) => enrichment.entities.find((e) => e.kind === kind && e.canonicalName === name);

  it('is deterministic and versioned', () => {
    expect(enrichArticle(plainArticle(SEED, { headline: 'US and Russia report no progress in Geneva talks over Ukraine' }))).toEqual(enrichment);
    expect(ENRICHER_VERSION).toMatch(/^storyline-enrich\//);
    expect(detail.enricherVersion).toBe(ENRICHER_VERSION);
  });

  it('detects English, paragraphs and sentences with offsets', () => {
    expect(enrichment.language).toBe('en');
    expect(enrichment.paragraphCount).toBe(32);
    expect(enrichment.sentenceCount).toBe(detail.sentences.length);
    expect(detail.sentences.length).toBeGreaterThan(40);
    const first = detail.sentences[0]!;
    expect(SEED.slice(first.start, first.end)).toMatch(/^The United States and Russia tried .* Russian invasion\.$/);
    for (const s of detail.sentences) expect(SEED.slice(s.start, s.end).trim()).toBe(SEED.slice(s.start, s.end));
  });

  it('reads the dateline: GENEVA, Switzerland, 2022-01-22', () => {
    expect(enrichment.dateline).toEqual({ text: 'GENEVA', city: 'GENEVA', country: 'Switzerland', date: '2022-01-22', source: null });
    expect(detail.dateline).toMatchObject({ countryCode: 'CH', placeName: 'Geneva', dateSource: 'dateline', geo: { kind: 'city' } });
  });

  it.each([
    ['Antony Blinken', ['Blinken']],
    ['Sergey Lavrov', ['Lavrov']],
    ['Vladimir Putin', ['Putin', 'President Vladimir Putin']],
    ['Joe Biden', ['Biden', 'President Joe Biden']],
    ['Sauli Niinistö', ['Sauli Niinister']],
    ['Recep Tayyip Erdoğan', ['Recep Tayyip Erdogan', 'Erdogan']],
  ])('finds the person %s with aliases %j', (name, aliases) => {
    const person = entity('PERSON', name);
    expect(person?.aliases).toEqual(expect.arrayContaining(aliases));
    expect(person?.mentions).toBe(person?.offsets.length);
  });

  it('counts mentions and points at them', () => {
    const biden = entity('PERSON', 'Joe Biden')!;
    expect(biden.mentions).toBe(4);
    for (const { start, end } of biden.offsets) expect(['Joe Biden', 'Biden']).toContain(SEED.slice(start, end));
    expect(entity('PERSON', 'Antony Blinken')!.mentions).toBeGreaterThanOrEqual(11);
    expect(entity('PERSON', 'Vladimir Putin')!.mentions).toBe(7);
  });

  it.each(['NATO', 'United States Department of State', 'Organization for Security and Co-operation in Europe', 'Kremlin'])('finds the organisation %s', (name) => {
    expect(entity('ORGANISATION', name)).toBeDefined();
  });

  it.each([
    ['Geneva', 'CH'],
    ['Ukraine', 'UA'],
    ['Russia', 'RU'],
    ['Kyiv', 'UA'],
    ['Crimea', 'UA'],
    ['Belarus', 'BY'],
    ['Moscow', 'RU'],
    ['Berlin', 'DE'],
  ])('geocodes the place %s in %s', (name, countryCode) => {
    expect(entity('PLACE', name)).toBeDefined();
    const place = enrichment.places.find((p) => p.name === name);
    expect(place?.countryCode).toBe(countryCode);
    expect(typeof place?.latitude).toBe('number');
    expect(typeof place?.longitude).toBe('number');
  });

  it('leaves out common words the tagger mistakes for names', () => {
    const names = enrichment.entities.map((e) => e.canonicalName);
    // "Central and Eastern Europe": the adjective alone is no place.
    expect(entity('PLACE', 'Central')).toBeUndefined();
    expect(entity('PLACE', 'Eastern Europe')).toBeDefined();
    // "another entitled Taking Action to Expose and Interrupt Russia’s Destabilization Campaign in Ukraine": a title.
    expect(names.filter((n) => /Taking|Action|Expose|Interrupt|Destabilization|Campaign/.test(n))).toEqual([]);
    // "an Orwellian Minister of Truth": a portfolio, not a place.
    expect(names).not.toContain('Truth');
    // "Russia has accused the West of plotting": a name does not end in a lower-case word.
    for (const e of enrichment.entities) expect(e.canonicalName).not.toMatch(/\s\p{Ll}+$/u);
  });

  it('resolves Kiev to Kyiv', () => {
    expect(entity('PLACE', 'Kyiv')?.aliases).toContain('Kiev');
    expect(entity('PLACE', 'Kiev')).toBeUndefined();
  });

  it('attributes the quotes', () => {
    const bySpeaker = enrichment.quotes.map((q) => [q.speaker, q.text.slice(0, 30)]);
    expect(bySpeaker).toEqual([
      ['Sergey Lavrov', 'I can not say whether we are o'],
      ['Antony Blinken', 'if this proves impossible, and'],
      ['Joe Biden', 'I was absolutely clear with Pr'],
      ['Sergey Lavrov', 'I hope that not everyone in th'],
      ['Sergey Lavrov', 'NATO sees Ukraine as part of i'],
    ]);
    for (const q of enrichment.quotes) expect(SEED.slice(q.span!.start, q.span!.end)).toContain(q.text);
  });

  it('extracts keywords and a lead-first summary', () => {
    expect(enrichment.keywords.length).toBe(10);
    expect(enrichment.keywords).toEqual(expect.arrayContaining(['invasion']));
    expect(enrichment.summary).toMatch(/^The United States and Russia tried to lower the temperature/);
    expect(detail.summary.sentenceIndexes.length).toBe(3);
  });

  it('assigns Media Topics with labels and confidence, politics and conflict among them', () => {
    const codes = enrichment.subjects.map((s) => s.code);
    expect(codes).toEqual(expect.arrayContaining(['medtop:11000000', 'medtop:16000000']));
    for (const s of enrichment.subjects) {
      expect(s.code).toMatch(/^medtop:\d{8}$/);
      expect(s.label.length).toBeGreaterThan(3);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
  });
});
