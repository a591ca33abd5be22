import { describe, expect, it } from 'vitest';
import { tagAirlineNames } from '../../../services/enrich/entities/airline-names.ts';
import { buildNameLexicon } from '../../../services/enrich/entities/name-lexicon.ts';

describe('carriers named "Air" and a place', () => {
  const lexicon = buildNameLexicon([
    { name: 'France', kind: 'country' },
    { name: 'New Zealand', kind: 'country' },
    { name: 'Paris', kind: 'city' },
  ]);

  it('retags "Air" and the whole place after it as one organisation', () => {
    const words = ['Air', 'New', 'Zealand', 'and', 'Air', 'France', 'fly', 'to', 'Paris', '.'];
    const tags = ['O', 'B-LOC', 'I-LOC', 'O', 'O', 'B-LOC', 'O', 'O', 'B-LOC', 'O'];
    expect(tagAirlineNames(words, tags, lexicon)).toEqual(['B-ORG', 'I-ORG', 'I-ORG', 'O', 'B-ORG', 'I-ORG', 'O', 'O', 'B-LOC', 'O']);
  });

  it('leaves "Air" before anything but a place, and a lower-case "air", as tagged', () => {
    const words = ['the', 'Air', 'Force', 'and', 'air', 'France'];
    const tags = ['O', 'B-ORG', 'I-ORG', 'O', 'O', 'B-LOC'];
    expect(tagAirlineNames(words, tags, lexicon)).toEqual(tags);
  });

  it('starts a fresh span after the carrier when the tagger ran its span on', () => {
    expect(tagAirlineNames(['Air', 'France', 'Airbus'], ['O', 'B-MISC', 'I-MISC'], lexicon)).toEqual(['B-ORG', 'I-ORG', 'B-MISC']);
  });
});
