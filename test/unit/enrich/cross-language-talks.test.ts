import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEnricher } from '../../../services/enrich/enrich-article.ts';
import { russianCaseForms } from '../../../services/enrich/entities/known-entities.ts';
import { loadEnrichmentModels } from '../../../services/enrich/load-models.ts';
import { plainArticle } from '../../../services/eval/enrich/text-article.ts';

// The Geneva talks of 21 January 2022 as reported in English (the seed) and in French and Russian
// (items written for the project): joins can anchor on what the three share.
const REFERENCE = Date.UTC(2022, 0, 22, 12);
const read = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
const enrich = createEnricher(loadEnrichmentModels());
const reports = {
  en: enrich(plainArticle(read('wire/geneva-talks-2022-01-22.txt'), { versioncreated: REFERENCE })),
  fr: enrich(plainArticle(read('talks/geneva-2022-01-21.fr.txt'), { versioncreated: REFERENCE })),
  ru: enrich(plainArticle(read('talks/geneva-2022-01-21.ru.txt'), { versioncreated: REFERENCE })),
};

describe('one event reported in English, French and Russian', () => {
  it.each(Object.entries(reports))('%s: the people and bodies under their canonical names', (_, enrichment) => {
    const names = new Set(enrichment.entities.filter((e) => e.kind !== 'PLACE').map((e) => e.canonicalName));
    for (const name of ['Antony Blinken', 'Sergey Lavrov', 'Vladimir Putin', 'Joe Biden', 'NATO']) expect(names, name).toContain(name);
  });

  it.each(Object.entries(reports))('%s: Ukraine and Russia under the same place ids, Geneva among the places', (_, enrichment) => {
    const uris = new Set(enrichment.entities.map((e) => e.uri).filter((uri) => uri !== null));
    for (const uri of ['storyline:place:UA:country:ukraine', 'storyline:place:RU:country:russia']) expect(uris, uri).toContain(uri);
    // French copy: Genève is the dateline's place (the Spanish-trained tagger calls it an organisation in the text).
    expect(enrichment.places.map((p) => `${p.countryCode}:${p.name}`)).toContain('CH:Geneva');
  });

  it('declines curated Cyrillic names for the lookup: Путина, Лавровым, Кремле', () => {
    expect(russianCaseForms('Владимир Путин')).toEqual(['Владимир Путин', 'Владимира Путина', 'Владимиру Путину', 'Владимиром Путиным', 'Владимире Путине']);
    expect(russianCaseForms('Кремль')).toContain('Кремле');
    expect(russianCaseForms('НАТО')).toEqual(['НАТО']);
  });
});
