import { describe, expect, it } from 'vitest';
import { wordFeatures } from '../../../services/enrich/entities/features.ts';
import { genitiveMatch, partMatch } from '../../../services/enrich/entities/german-cues.ts';
import { buildNameLexicon } from '../../../services/enrich/entities/name-lexicon.ts';
import { buildTrainedNames } from '../../../services/enrich/entities/trained-names.ts';

const lexicon = buildNameLexicon(
  [
    { name: 'Kanada', kind: 'country' },
    { name: 'Griechenland', kind: 'country' },
    { name: 'Berlin', kind: 'city' },
    { name: 'Paris', kind: 'city' },
  ],
  { trainedNames: buildTrainedNames({ format: 'storyline-trained-names/1', source: 'test', names: [['Siemens', 'ORG'], ['Bundesbank', 'ORG']] }) },
);

describe('German cues of the German tagger', () => {
  it('matches a capitalised genitive by its bare form, never a name the lexicon knows as written', () => {
    expect(genitiveMatch('Kanadas', 'kanadas', lexicon)).toBe('country');
    expect(genitiveMatch('Griechenlandes', 'griechenlandes', lexicon)).toBe('country');
    expect(genitiveMatch('Bundesbanks', 'bundesbanks', lexicon)).toBe('tn-ORG');
    expect(genitiveMatch('Paris', 'paris', lexicon)).toBeNull();
    expect(genitiveMatch('Siemens', 'siemens', lexicon)).toBeNull();
    expect(genitiveMatch('kanadas', 'kanadas', lexicon)).toBeNull();
  });

  it('matches the parts of hyphenated and slashed words', () => {
    expect(partMatch('Darmstadt/Berlin', lexicon)).toBe('city');
    expect(partMatch('Siemens-Konzern', lexicon)).toBe('tn-ORG');
    expect(partMatch('Berlin', lexicon)).toBeNull();
    expect(partMatch('Ost-West', lexicon)).toBeNull();
  });

  it('adds them to the word features only when the lexicon asks for them', () => {
    expect(wordFeatures('Kanadas', lexicon).filter((f) => f.startsWith('gen=') || f.startsWith('part='))).toEqual([]);
    const german = { ...lexicon, genitives: true, wordParts: true };
    expect(wordFeatures('Kanadas', german)).toContain('gen=country');
    expect(wordFeatures('Darmstadt/Berlin', german)).toContain('part=city');
  });
});
