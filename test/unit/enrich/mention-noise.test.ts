import { beforeAll, describe, expect, it } from 'vitest';
import type { Enrichment } from '../../../services/enrich/enrichment.ts';
import { createEnricher } from '../../../services/enrich/enrich-article.ts';
import { titleSpans } from '../../../services/enrich/entities/find-mentions.ts';
import { loadEnrichmentModels } from '../../../services/enrich/load-models.ts';
import { tokenize } from '../../../services/enrich/tokenize.ts';
import { plainArticle } from './plain-article.ts';

const words = (text: string, [from, to]: readonly [number, number]): string => tokenize(text).slice(from, to).map((t) => t.text).join(' ');

describe('titles in running text', () => {
  it('finds a title after "entitled" and a quotation in title case, not a quoted sentence', () => {
    const cue = 'The agency released a paper entitled Building Better Futures for Rural Families in Kenya on Monday.';
    expect(titleSpans(tokenize(cue)).map((span) => words(cue, span))).toEqual(['Building Better Futures for Rural Families in Kenya']);
    const quoted = 'She called the report “Fixing the Broken Promise of Cheap Energy” in a speech.';
    expect(titleSpans(tokenize(quoted)).map((span) => words(quoted, span))).toEqual(['Fixing the Broken Promise of Cheap Energy']);
    expect(titleSpans(tokenize('“We Will Win this war,” Zelensky said.'))).toEqual([]);
    expect(titleSpans(tokenize('a group called Human Rights Watch said'))).toEqual([]);
  });
});

describe('names that are common words', () => {
  let enrichment: Enrichment;
  beforeAll(() => {
    const body = [
      'NAIROBI (AP) — The ministry published a guide entitled Building Better Futures for Rural Families in Kenya on Monday.',
      'Aid groups said the plan covers Southern and Western Africa, where droughts have worsened.',
      'President William Ruto named an adviser to the Minister of Happiness, a post created last year.',
      'Building work on new schools will start in March, Ruto said, and building costs are rising.',
    ].join('\n\n');
    enrichment = createEnricher(loadEnrichmentModels())(plainArticle(body, { headline: 'Kenya publishes rural guide' }));
  }, 60_000);

  const names = (): string[] => enrichment.entities.map((e) => e.canonicalName);

  it('keeps the real names', () => {
    expect(names()).toEqual(expect.arrayContaining(['Kenya', 'William Ruto']));
  });

  it('drops the words of a title, a lone positional adjective and a portfolio', () => {
    expect(names().filter((n) => /Building|Better|Futures|Rural|Families/.test(n))).toEqual([]);
    expect(names()).not.toContain('Southern');
    expect(names()).not.toContain('Happiness');
  });
});
