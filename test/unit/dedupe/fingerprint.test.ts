import { describe, expect, it } from 'vitest';
import { capitalisedEntityTokens, figures, fingerprintArticle, leadDate } from '../../../services/dedupe/fingerprint.ts';
import { estimateJaccard, lshBandKeys, LSH_BANDS, MINHASH_PERMUTATIONS } from '../../../services/dedupe/minhash.ts';
import { normaliseText, stem, tokenise } from '../../../services/dedupe/text-normalise.ts';
import { article, quakeChile, quakeChileResend, quakeJapan } from './articles.ts';

describe('text normalisation', () => {
  it('folds case, accents, punctuation and thousands separators', () => {
    expect(normaliseText('Café  “Zürich”, 155,221 bags — 6.1 magnitude!')).toBe('cafe zurich 155221 bags 6.1 magnitude');
    expect(tokenise("Reid's rep")).toEqual(['reid', 'rep']);
  });
  it('stems plurals only', () => {
    expect(['quakes', 'cities', 'glass', 'status', 'running'].map(stem)).toEqual(['quake', 'city', 'glass', 'status', 'running']);
  });
});

describe('fingerprintArticle', () => {
  it('is deterministic', () => {
    expect(fingerprintArticle(quakeChile)).toEqual(fingerprintArticle(quakeChile));
    expect(fingerprintArticle(quakeChile).exactHash).toMatch(/^[0-9a-f]{32}$/);
  });
  it('gives the same exact hash to texts that differ only in case, spacing and punctuation', () => {
    const a = article('p', '1', 'Quake hits Chile', 'A quake hit Chile.  Two died.');
    const b = article('q', '2', 'QUAKE HITS CHILE', 'A quake hit Chile -- two died');
    expect(fingerprintArticle(a).exactHash).toBe(fingerprintArticle(b).exactHash);
  });
  it('has a full MinHash signature and one LSH key per band', () => {
    const fp = fingerprintArticle(quakeChile);
    expect(fp.minhash).toHaveLength(MINHASH_PERMUTATIONS);
    expect(fp.lshBands).toHaveLength(LSH_BANDS);
    expect(lshBandKeys(fp.minhash)).toEqual(fp.lshBands);
  });
  it('estimates a high Jaccard for a re-send with one added sentence and a low one for a different text', () => {
    const fp = fingerprintArticle(quakeChile);
    expect(estimateJaccard(fp.minhash, fingerprintArticle(quakeChileResend).minhash)).toBeGreaterThan(0.75);
    expect(estimateJaccard(fp.minhash, fingerprintArticle(quakeJapan).minhash)).toBeLessThan(0.3);
  });
  it('extracts who and where from capitalised spans, skipping sentence-initial common words', () => {
    const entities = capitalisedEntityTokens('Perennial party girl Tara Reid checked into Promises. The actress said so.');
    expect([...entities.keys()].sort()).toEqual(['promise', 'reid', 'tara']);
    expect(capitalisedEntityTokens('QUAKE HITS CHILE').size).toBe(0);
  });
  it('reads a name that a hard-wrapped line starts with as a name, and keeps sentence-a-line copy as it was', () => {
    const wrapped = 'The development bank said it has agreed to lend\nPortugal 50 mln dlrs for its roads and bridges, and\nNorway 20 mln dlrs for its ports.\n    Work starts in May.';
    expect([...capitalisedEntityTokens(wrapped).keys()].sort()).toEqual(['@no', '@pt']);
    // One sentence a line (long lines, no wrapping): a line's first word is a sentence start.
    const sentences = `Perennial party girl Tara Reid checked into Promises on Tuesday and stayed there for a long while, her spokesman said to reporters\nPerennial visitors said nothing.`;
    expect([...capitalisedEntityTokens(sentences).keys()].sort()).toEqual(['promise', 'reid', 'tara']);
  });
  it('reads a company symbol with its exchange suffix as the company', () => {
    const listed = fingerprintArticle(article('wire-a', 's-1', 'PARKWAY TOOLS <PKW.O> 1ST QTR NET', 'Shr 15 cts vs 14 cts'));
    expect(Object.keys(listed.entities)).toContain('$pkw');
  });
  it('reads a full date from the lead', () => {
    expect(leadDate('Lohan checks in\nMay 03 , 2013\nText')).toBe('2013-05-03');
    expect(leadDate('4 October 2013 , 18 : 07')).toBe('2013-10-04');
    expect(leadDate('on Tuesday')).toBeNull();
  });
  it('reads figures as written, without clock times, dates and years', () => {
    expect(figures('A 5.6 quake at 10:53 on December 15, 2008 left 2,000 homeless; 11/28/05 update, $200 million, 23 pirates')).toEqual({
      numbers: ['200', '2000', '23', '5.6'],
      years: [2008],
    });
    expect(figures('Shr 1,23 dlrs vs 98 cts on 3 March').numbers).toEqual(['1.23', '98']);
  });
  it('gives a headline-only item no shingles: a headline alone is too short to call a near duplicate', () => {
    const fp = fingerprintArticle(article('p', 'flash-1', 'QUAKE OF MAGNITUDE 6.8 HITS NORTHERN CHILE', ''));
    expect(fp.shingleCount).toBe(0);
    expect(fp.lshBands).toEqual([]);
  });
  it('posts items under a bounded number of salient terms, names first', () => {
    const fp = fingerprintArticle(quakeChile);
    expect(fp.salientTerms.length).toBeLessThanOrEqual(12);
    expect(fp.salientTerms).toContain('iquique');
  });
});
