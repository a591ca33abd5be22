import { describe, expect, it } from 'vitest';
import { canonicalTerm, countryCodeOf } from '../../../services/dedupe/country-names.ts';

describe('country identities', () => {
  it('gives a country one identity whatever the word: name, demonym, translation, script', () => {
    expect(['israel', 'israeli', 'израиль'].map(canonicalTerm)).toEqual(['@il', '@il', '@il']);
    expect(canonicalTerm('danish')).toBe('@dk');
    expect(canonicalTerm('finnish')).toBe('@fi');
  });
  it('takes the UN member for a demonym territories share', () => {
    expect(countryCodeOf('american')).toBe('@us');
    expect(countryCodeOf('dutch')).toBe('@nl');
  });
  it('leaves words that more often name something else, and ordinary words, to the stemmer', () => {
    for (const word of ['georgia', 'jordan', 'turkey', 'chad']) expect(countryCodeOf(word)).toBeUndefined();
    expect(canonicalTerm('earthquakes')).not.toMatch(/^@/);
  });
});
