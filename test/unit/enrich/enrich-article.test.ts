import { describe, expect, it } from 'vitest';
import { enrichArticle } from '../../../services/enrich/enrich-article.ts';
import { plainArticle } from './plain-article.ts';

describe('enrichArticle on edge cases', () => {
  it('copes with an empty body', () => {
    const enrichment = enrichArticle(plainArticle(''));
    expect(enrichment).toMatchObject({ language: null, dateline: null, entities: [], quotes: [], sentenceCount: 0, paragraphCount: 0, summary: null });
    // the first call loads every committed model (five taggers, gazetteer in twelve languages)
  }, 30_000);

  it('reads HTML bodies as text and falls back to the item date for an undated dateline', () => {
    const article = plainArticle('');
    article.bodies = [{ role: 'main', contenttype: 'text/html', charcount: null, wordcount: null, value: '<p>PARIS (AFP) — President Emmanuel Macron met Chancellor Olaf Scholz in Paris on Monday.</p><p>“We are united,” Macron said.</p>' }];
    const enrichment = enrichArticle(article);
    expect(enrichment.dateline).toEqual({ text: 'PARIS (AFP)', city: 'PARIS', country: 'France', date: '2022-01-22', source: 'AFP' });
    expect(enrichment.paragraphCount).toBe(2);
    expect(enrichment.entities.map((e) => [e.kind, e.canonicalName])).toEqual(expect.arrayContaining([['PERSON', 'Emmanuel Macron'], ['PERSON', 'Olaf Scholz'], ['PLACE', 'Paris']]));
    expect(enrichment.quotes).toEqual([{ text: 'We are united,', speaker: 'Emmanuel Macron', span: expect.any(Object) }]);
    expect(enrichment.places.find((p) => p.name === 'Paris')?.countryCode).toBe('FR');
  });
});
