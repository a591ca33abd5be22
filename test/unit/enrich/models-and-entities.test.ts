import { describe, expect, it } from 'vitest';
import { geocodeDateline, parseDateline } from '../../../services/enrich/dateline.ts';
import { buildGazetteer, resolvePlace, type CityRow } from '../../../services/enrich/gazetteer.ts';
import type { RawMention } from '../../../services/enrich/entities/find-mentions.ts';
import { similarSurname } from '../../../services/enrich/entities/fuzzy.ts';
import { decodeNerModel, encodeNerModel } from '../../../services/enrich/entities/ner-model.ts';
import { resolveEntities } from '../../../services/enrich/entities/resolve-entities.ts';
import { spansFromBio } from '../../../services/enrich/entities/bio-spans.ts';
import { tagSentence } from '../../../services/enrich/entities/tagger.ts';
import { buildNameLexicon } from '../../../services/enrich/entities/name-lexicon.ts';
import { documentStats } from '../../../services/enrich/entities/features.ts';
import type { Entity } from '../../../services/enrich/enrichment.ts';
import { extractKeywords } from '../../../services/enrich/keywords.ts';
import { findQuotes } from '../../../services/enrich/quotes.ts';
import { paragraphs, sentences } from '../../../services/enrich/segmentation.ts';
import { classifySubjects, decodeSubjectModel } from '../../../services/enrich/subjects.ts';
import { summarize } from '../../../services/enrich/summary.ts';
import { parseConll } from '../../../services/eval/enrich/conll-reader.ts';
import { scoreLanguageId } from '../../../services/eval/enrich/language-id-eval.ts';
import { countSpans, prf } from '../../../services/eval/enrich/ner-metrics.ts';
import { parseReutersSgml } from '../../../services/eval/enrich/reuters-reader.ts';
import { goldDateline } from '../../../services/eval/enrich/run-enrich-eval.ts';

const row = (city: string, iso2: string, country: string, lat: number, lng: number, population: number, capital = '', admin = ''): CityRow => ({
  city, city_ascii: city, lat: String(lat), lng: String(lng), country, iso2, admin_name: admin, capital, population: String(population),
});
const gazetteer = buildGazetteer([
  row('Geneva', 'CH', 'Switzerland', 46.2, 6.15, 200_000, 'admin', 'Genève'),
  row('Bern', 'CH', 'Switzerland', 46.95, 7.45, 130_000, 'primary', 'Bern'),
  row('Geneva', 'US', 'United States', 41.88, -88.32, 21_000, '', 'Illinois'),
  row('Washington', 'US', 'United States', 38.9, -77.0, 4_800_000, 'primary', 'District of Columbia'),
  row('Kyiv', 'UA', 'Ukraine', 50.45, 30.52, 2_900_000, 'primary', 'Kyiv, Misto'),
  row('Portland', 'US', 'United States', 45.5, -122.6, 600_000, '', 'Oregon'),
  row('Portland', 'AU', 'Australia', -38.3, 141.6, 10_000, '', 'Victoria'),
]);

describe('gazetteer', () => {
  it('geocodes cities, exonyms and countries, with codes', () => {
    expect(resolvePlace(gazetteer, 'Geneva')).toMatchObject({ countryCode: 'CH', kind: 'city' });
    expect(resolvePlace(gazetteer, 'Kiev')).toMatchObject({ name: 'Kyiv', countryCode: 'UA' });
    expect(resolvePlace(gazetteer, 'U.S.')).toMatchObject({ kind: 'country', countryCode: 'US', name: 'United States' });
    expect(resolvePlace(gazetteer, 'Atlantis')).toBeNull();
  });

  it('prefers a namesake in a country the article names, unless it is far smaller', () => {
    expect(resolvePlace(gazetteer, 'Geneva', new Set(['US']))?.countryCode).toBe('CH');
    expect(resolvePlace(gazetteer, 'Portland', new Set(['AU']))?.countryCode).toBe('US');
  });
});

describe('dateline geocoding', () => {
  const reference = Date.UTC(1987, 1, 26);
  it('narrows by the printed region, and falls back to it for towns the gazetteer lacks', () => {
    expect(geocodeDateline(parseDateline('PORTLAND, Victoria, Feb 26 - x', reference)!, gazetteer, new Set())?.countryCode).toBe('AU');
    expect(geocodeDateline(parseDateline('PORTLAND, Feb 26 - x', reference)!, gazetteer, new Set())?.countryCode).toBe('US');
    expect(geocodeDateline(parseDateline('GENEVA, Ill., Feb 26 - x', reference)!, gazetteer, new Set())?.countryCode).toBe('US');
    expect(geocodeDateline(parseDateline('GENEVA, Feb 26 - x', reference)!, gazetteer, new Set())?.countryCode).toBe('CH');
    expect(geocodeDateline(parseDateline('GREENWICH, CONN. - x', reference)!, gazetteer, new Set())).toMatchObject({ kind: 'country', countryCode: 'US' });
    expect(geocodeDateline(parseDateline('ZUG, Switzerland - x', reference)!, gazetteer, new Set())).toMatchObject({ kind: 'country', countryCode: 'CH' });
  });
});

describe('NER model and tagger', () => {
  it('round-trips weights and decodes BIO spans', () => {
    const tags = ['O', 'B-PER', 'I-PER'];
    const model = decodeNerModel(encodeNerModel(tags, new Map([['w=Joe', [0, 2, 0]], ['w=Biden', [0, 0.5, 1]], ['b', [0.1, 0, 0]]]), 1000, 0.001));
    const lexicon = buildNameLexicon([]);
    const tagged = tagSentence(model, ['Joe', 'Biden', 'spoke'], documentStats([['Joe', 'Biden', 'spoke']]), lexicon);
    expect(tagged).toEqual(['B-PER', 'I-PER', 'O']);
    expect(spansFromBio(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-ORG'])).toEqual([
      { type: 'PER', start: 0, end: 2 }, { type: 'LOC', start: 3, end: 4 }, { type: 'LOC', start: 4, end: 5 }, { type: 'ORG', start: 5, end: 6 },
    ]);
  });

  it('reads CoNLL IOB1 as BIO and scores exact spans', () => {
    const [doc] = parseConll('-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\nNew NNP I-NP I-LOC\nYork NNP I-NP I-LOC\nB NNP I-NP B-LOC\n');
    expect(doc?.sentences[0]?.tags).toEqual(['B-ORG', 'O', 'B-MISC', 'B-LOC', 'I-LOC', 'B-LOC']);
    const counts = { PER: { truePositives: 0, gold: 0, predicted: 0 }, ORG: { truePositives: 0, gold: 0, predicted: 0 }, LOC: { truePositives: 0, gold: 0, predicted: 0 } };
    countSpans(['B-LOC', 'I-LOC', 'O', 'B-ORG'], ['B-LOC', 'O', 'O', 'B-ORG'], counts);
    expect(prf(counts.LOC)).toMatchObject({ truePositives: 0, gold: 1, predicted: 1 });
    expect(prf(counts.ORG).f1).toBe(1);
  });
});

const mention = (type: RawMention['type'], text: string, start: number, known: string | null = null, title: string | null = null): RawMention => ({ type, text, start, end: start + text.length, known, title });

describe('entity resolution', () => {
  it('joins surnames, titles, misspellings and exonyms to one canonical entity', () => {
    const entities = resolveEntities(
      [
        mention('person', 'Joe Biden', 0, null, 'President'),
        mention('person', 'Biden', 20),
        mention('person', 'Sauli Niinister', 40, null, 'President'),
        mention('place', 'Kiev', 60),
        mention('place', 'Kyiv', 70),
        mention('organisation', 'North Atlantic Treaty Organization', 80),
        mention('organisation', 'NATO', 120, 'NATO'),
        mention('place', 'Biden', 130),
        mention('misc', 'Crimean', 140),
      ],
      gazetteer,
    );
    const byName = new Map(entities.map((e) => [e.name, e]));
    expect(byName.get('Joe Biden')).toMatchObject({ type: 'person', mentionCount: 3, aliases: ['Biden', 'President Joe Biden'] });
    expect(byName.get('Sauli Niinistö')).toMatchObject({ type: 'person', aliases: ['President Sauli Niinister', 'Sauli Niinister'] });
    expect(byName.get('Kyiv')).toMatchObject({ type: 'place', mentionCount: 2, aliases: ['Kiev'], geo: { countryCode: 'UA', kind: 'city' } });
    expect(byName.get('NATO')).toMatchObject({ type: 'organisation', mentionCount: 2 });
    expect(similarSurname('blinkens', 'blinken')).toBe(true);
    expect(similarSurname('putin', 'pushkin')).toBe(false);
  });
});

const person = (name: string, ...spans: Array<[number, string]>): Entity => ({
  type: 'person', name, aliases: [], mentionCount: spans.length, mentions: spans.map(([start, text]) => ({ start, end: start + text.length, text })),
});

describe('quotes', () => {
  it('attributes quotes to a named speaker, a pronoun, or the sentence subject', () => {
    const text = 'Lavrov spoke.\n\n“We will not stop here,” he told reporters.\n\n“It is over now,” said Blinken.\n\nBlinken reiterated that he was “committed to diplomacy and peace';
    const paras = paragraphs(text);
    const entities = [person('Sergey Lavrov', [0, 'Lavrov']), person('Antony Blinken', [text.indexOf('Blinken.'), 'Blinken'], [text.lastIndexOf('Blinken'), 'Blinken'])];
    const quotes = findQuotes(text, paras, entities);
    expect(quotes.map((q) => [q.speaker, q.text])).toEqual([
      ['Sergey Lavrov', 'We will not stop here,'],
      ['Antony Blinken', 'It is over now,'],
      ['Antony Blinken', 'committed to diplomacy and peace'],
    ]);
  });
});

describe('keywords and summary', () => {
  const text = 'Economic sanctions hit the rouble. Economic sanctions were announced by ministers today in a long statement.\n\nThe weather was fine. Ministers said on Monday evening that economic sanctions would stay in place.';
  const idf = (term: string): number => (term === 'economic' || term === 'sanctions' ? 3 : 1);
  it('ranks repeated, rare phrases first', () => {
    expect(extractKeywords(text, [], idf)[0]).toEqual({ text: 'economic sanctions', score: 1 });
  });
  it('picks the central sentences, in article order', () => {
    const spans = sentences(text, paragraphs(text));
    const summary = summarize(text, spans, idf, 2);
    expect(summary.sentenceIndexes).toEqual([1, 3]);
    expect(summary.text).toContain('Economic sanctions were announced');
  });
});

describe('subjects', () => {
  it('returns Media Topics with labels and confidences, most confident first', () => {
    const model = decodeSubjectModel({
      format: 'storyline-subjects-logreg/1', classes: ['medtop:15000000', 'medtop:11000000'], scale: 1, bias: [0, 0],
      vocabulary: ['goal', 'election'], weights: [[5, -5], [-5, 5]], documentFrequency: [1, 1], documentCount: 2,
    });
    const [top] = classifySubjects(model, 'A late goal, then another goal.');
    expect(top).toMatchObject({ code: 'medtop:15000000', label: 'sport', uri: 'http://cv.iptc.org/newscodes/mediatopic/15000000' });
    expect(top?.confidence).toBeGreaterThan(0.9);
  });
});

describe('evaluation readers', () => {
  it('reads Reuters SGML and the gold dateline', () => {
    const [story] = parseReutersSgml('<REUTERS NEWID="7"><DATE>26-FEB-1987 15:01:01.79</DATE><PLACES><D>usa</D></PLACES><TEXT><TITLE>T &amp; C</TITLE><DATELINE>    HOUSTON, Feb 26 - </DATELINE><BODY>Body text.\n Reuter\n&#3;</BODY></TEXT></REUTERS>');
    expect(story).toMatchObject({ newId: '7', title: 'T & C', dateline: 'HOUSTON, Feb 26 -', body: 'Body text.', places: ['usa'] });
    expect(goldDateline('HOUSTON, Feb 26 -', story?.date ?? null)).toEqual({ city: 'HOUSTON', date: '1987-02-26' });
  });

  it('counts the sentences and documents whose language is identified, leaving out short sentences', () => {
    const doc = (...sentences: string[]) => ({ sentences: sentences.map((s) => ({ tokens: s.split(' '), tags: s.split(' ').map(() => 'O') })) });
    const scores = scoreLanguageId(
      [
        doc('El Gobierno aprobó hoy en Madrid una reforma de las pensiones que entrará en vigor en enero .', 'Madrid , 3 jun .'),
        doc('Die Regierung hat am Montag in Berlin einen neuen Haushalt für das kommende Jahr beschlossen .'),
      ],
      'es',
    );
    expect(scores.sentences).toEqual({ right: 1, total: 2, wrong: [['de', 1]] });
    expect(scores.documents).toEqual({ right: 1, total: 2, wrong: [['de', 1]] });
  });
});
