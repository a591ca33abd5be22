import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { documentStats, neighbourFeatures, sentenceFeatures, wordFeatures } from '../../../services/enrich/entities/features.ts';
import { buildNameLexicon, trainedNameMatches } from '../../../services/enrich/entities/name-lexicon.ts';
import { buildPersonNames as indexPersonNames, personNameMatch } from '../../../services/enrich/entities/person-names.ts';
import { buildTrainedNames, collectTrainedNames } from '../../../services/enrich/entities/trained-names.ts';
import { decodeWordClusters } from '../../../services/enrich/entities/word-clusters.ts';
import { brownClustersFile, MODEL_FILES } from '../../../services/enrich/load-models.ts';
import { buildPersonNames } from '../../../services/enrich/training/build-person-names.ts';
import { BROWN_PREFIX_BITS, buildBrownClusters } from '../../../services/enrich/training/build-brown-clusters.ts';
import { buildWordClusters } from '../../../services/enrich/training/build-word-clusters.ts';

describe('person names as a tagger lexicon', () => {
  const names = indexPersonNames({ format: 'storyline-person-names/1', source: 'test', first: ['anna', 'sergey', 'jordan'], last: ['lavrov', 'jordan', 'merkel'] });

  it('matches capitalised words as written and in declined forms, never lower-case words', () => {
    expect(personNameMatch('Anna', 'anna', names)).toBe('first');
    expect(personNameMatch('Jordan', 'jordan', names)).toBe('first+last');
    expect(personNameMatch('Lavrova', 'lavrova', names)).toBe('~last');
    expect(personNameMatch('Lavrovym', 'lavrovym', names)).toBe('~last');
    expect(personNameMatch('Merkels', 'merkels', names)).toBe('~last');
    expect(personNameMatch('anna', 'anna', names)).toBeNull();
    expect(personNameMatch('Table', 'table', names)).toBeNull();
  });

  it('adds the match and the word clusters to the word features', () => {
    const lexicon = buildNameLexicon([], { personNames: names, clusters: new Map([['lavrov', ['12', '3'] as const]]) });
    expect(wordFeatures('Lavrov', lexicon)).toEqual(expect.arrayContaining(['pn=last', 'c=12', 'cc=3', 'p5=lavro', 'x5=avrov']));
  });

  it('the committed list is what its build command makes from @faker-js/faker', () => {
    const committed: unknown = JSON.parse(gunzipSync(readFileSync(MODEL_FILES.personNames)).toString('utf8'));
    expect(committed).toEqual(buildPersonNames());
  }, 30_000);
});

describe('word clusters from unlabelled text', () => {
  it('puts words that occur in the same contexts in one cluster', () => {
    const sentences = [];
    for (const city of ['paris', 'london', 'berlin', 'rome']) for (let i = 0; i < 6; i += 1) sentences.push(['talks', 'in', city, 'ended', '.'], ['he', 'flew', 'to', city, 'today', '.']);
    for (const verb of ['said', 'added', 'noted']) for (let i = 0; i < 6; i += 1) sentences.push(['the', 'minister', verb, 'that', 'it', 'rained', '.']);
    const file = buildWordClusters(sentences, { minCount: 5, contextWords: 20, k: 4, coarse: 2, iterations: 8, seed: 7 });
    const clusters = decodeWordClusters(file);
    expect(clusters.get('paris')?.[0]).toBe(clusters.get('berlin')?.[0]);
    expect(clusters.get('said')?.[0]).toBe(clusters.get('noted')?.[0]);
    expect(clusters.get('paris')?.[0]).not.toBe(clusters.get('said')?.[0]);
    expect(buildWordClusters(sentences, { minCount: 5, contextWords: 20, k: 4, coarse: 2, iterations: 8, seed: 7 })).toEqual(file);
  });
});

describe('Brown clusters (spaCy German) as a tagger lexicon', () => {
  // Paths with the first step in the lowest bit: Berlin 0b1010000 and Frankfurt 0b101010000 share their first seven steps.
  const paths = { Berlin: 0b1010000, Frankfurt: 0b101010000, Merkel: 0b101000, BANK: 0b110, Bank: 0b110011101, bank: 0b111, unbekannt: 0 };
  const logProbabilities = { Berlin: -9, Frankfurt: -10, Merkel: -11, Bank: -8, bank: -12, BANK: -15 };
  const clusters = decodeWordClusters(buildBrownClusters(paths, logProbabilities, 'test'));

  it('lower-cases the words, the most probable casing giving the leaf, and leaves out unclustered words', () => {
    expect(clusters.get('bank')?.[0]).toBe(String(0b110011101));
    expect(clusters.has('unbekannt')).toBe(false);
    expect(clusters.size).toBe(4);
  });

  it('gives each word its leaf, the coarse ancestor and the finer ones as levels', () => {
    expect(BROWN_PREFIX_BITS).toEqual([6, 10]);
    expect(clusters.get('berlin')).toEqual([String(0b1010000), String(0b010000), String(0b1010000)]);
    expect(clusters.get('frankfurt')).toEqual([String(0b101010000), String(0b010000), String(0b101010000)]);
    expect(clusters.get('merkel')?.[1]).toBe(String(0b101000));
  });

  it('describes a word by every level, a neighbour by its leaf and its coarse ancestor, one two away by its coarse ancestor', () => {
    const lexicon = buildNameLexicon([], { clusters });
    expect(wordFeatures('Frankfurt', lexicon)).toEqual(expect.arrayContaining([`c=${0b101010000}`, `cc=${0b010000}`, `c2=${0b101010000}`]));
    expect(neighbourFeatures('Berlin', -1, lexicon)).toEqual(expect.arrayContaining([`c-1=${0b1010000}`, `cc-1=${0b010000}`]));
    expect(neighbourFeatures('Berlin', 2, lexicon)).toEqual(['l+2=berlin', `cc+2=${0b010000}`]);
    // Flat clusters (the English ones) keep the neighbour's leaf only, as the English tagger was trained.
    const flat = buildNameLexicon([], { clusters: new Map([['berlin', ['12', '3'] as const]]) });
    expect(neighbourFeatures('Berlin', 1, flat).filter((f) => f.startsWith('c'))).toEqual(['c+1=12']);
    expect(neighbourFeatures('Berlin', 2, flat)).toEqual(['l+2=berlin']);
  });

  it('the committed German clusters decode to words with three levels', () => {
    const german = decodeWordClusters(JSON.parse(gunzipSync(readFileSync(brownClustersFile('de'))).toString('utf8')));
    expect(german.size).toBeGreaterThan(600_000);
    expect(german.get('berlin')?.[1]).toBe(german.get('frankfurt')?.[1]);
    expect(german.get('berlin')?.length).toBe(3);
  });
});

describe('names tagged in a training set as a tagger lexicon', () => {
  const file = collectTrainedNames(
    [
      { tokens: ['Honda', 'and', 'Deutsche', 'Bank', 'met', 'in', 'Jordan', '.'], tags: ['B-ORG', 'O', 'B-ORG', 'I-ORG', 'O', 'O', 'B-LOC', 'O'] },
      { tokens: ['Michael', 'Jordan', 'scored', '.'], tags: ['B-PER', 'I-PER', 'O', 'O'] },
      { tokens: ['Jordan', 'said', '.'], tags: ['B-PER', 'O', 'O'] },
      { tokens: ['Bank', 'shares', 'fell', '.'], tags: ['O', 'O', 'O', 'O'] },
    ],
    'test',
  );

  it('keeps each name once, with the type it was tagged most often (ties in PER, ORG, LOC, MISC order)', () => {
    expect(file.names).toEqual([
      ['Deutsche Bank', 'ORG'],
      ['Honda', 'ORG'],
      ['Jordan', 'PER'],
      ['Michael Jordan', 'PER'],
    ]);
  });

  it('marks the longest name covering each capitalised token, case aside, and adds it to the token features', () => {
    const lexicon = buildNameLexicon([], { trainedNames: buildTrainedNames(file) });
    const words = ['Die', 'DEUTSCHE', 'Bank', 'und', 'honda', 'und', 'Honda'];
    expect(trainedNameMatches(words, lexicon)).toEqual([null, 'ORG:B', 'ORG:I', null, null, null, 'ORG:B']);
    const features = sentenceFeatures(words, documentStats([words]), lexicon);
    expect(features[2]).toContain('tn=ORG:I');
    expect(features[4]?.some((f) => f.startsWith('tn='))).toBe(false);
    expect(trainedNameMatches(words, buildNameLexicon([]))).toEqual(words.map(() => null));
  });
});
