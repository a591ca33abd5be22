import { describe, expect, it } from 'vitest';
import { parseDateline, resolveMonthDay } from '../../../services/enrich/dateline.ts';
import { detectLanguage } from '../../../services/enrich/language.ts';
import { paragraphs, sentences } from '../../../services/enrich/segmentation.ts';
import { tokenize } from '../../../services/enrich/tokenize.ts';
import { htmlToText } from '../../../services/enrich/article-text.ts';

describe('tokenize', () => {
  it('keeps abbreviations and splits possessives, with offsets', () => {
    const text = 'Mr. Blinken’s U.S. trip, Jan. 5.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(['Mr.', 'Blinken', '’s', 'U.S.', 'trip', ',', 'Jan.', '5', '.']);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('segmentation', () => {
  it('splits paragraphs on blank lines and sentences on terminal punctuation, not after abbreviations', () => {
    const text = 'Mr. Smith met U.S. officials. They talked.\n\n“We agree,” he said. Done!';
    const paras = paragraphs(text);
    expect(paras.map((p) => text.slice(p.start, p.end))).toEqual(['Mr. Smith met U.S. officials. They talked.', '“We agree,” he said. Done!']);
    expect(sentences(text, paras).map((s) => text.slice(s.start, s.end))).toEqual(['Mr. Smith met U.S. officials.', 'They talked.', '“We agree,” he said.', 'Done!']);
  });

  it('falls back to indented lines as paragraph breaks (old wire copy)', () => {
    const text = 'First line of one\nparagraph here.\n    Second paragraph starts.\n    Third.';
    expect(paragraphs(text).length).toBe(3);
  });
});

describe('language', () => {
  it('tells English, French, German and Russian apart', () => {
    expect(detectLanguage('The minister said that the talks were held in the capital on Friday.').code).toBe('en');
    expect(detectLanguage('Le ministre a dit que les discussions sont importantes pour la paix.').code).toBe('fr');
    expect(detectLanguage('Der Minister sagte, dass die Gespräche nicht einfach sind und auch lange dauern.').code).toBe('de');
    expect(detectLanguage('Министр заявил, что переговоры прошли в Женеве.').code).toBe('ru');
    expect(detectLanguage('').code).toBe('und');
  });
});

describe('dateline', () => {
  const reference = Date.UTC(2022, 0, 22, 12);
  it.each([
    ['GENEVA (AP) — The talks', { city: 'GENEVA', source: 'AP', date: null, region: null }],
    ['LONDON, March 3 (Reuters) - Shares', { city: 'LONDON', source: 'Reuters', date: '2022-03-03', region: null }],
    ['NEW YORK, Feb 26 - Stocks', { city: 'NEW YORK', source: null, date: '2022-02-26', region: null }],
    ['KYIV, Ukraine, Jan. 5 (AFP) -- x', { city: 'KYIV', source: 'AFP', date: '2022-01-05', region: 'Ukraine' }],
    ['RICHMOND, Va. Dec 30 - x', { city: 'RICHMOND', source: null, date: '2021-12-30', region: 'Va.' }],
    [' date 2022-01-22 GENEVA – The United States', { city: 'GENEVA', source: null, date: '2022-01-22', region: null }],
    ['Toronto, Jan 20 - x', { city: 'Toronto', source: null, date: '2022-01-20', region: null }],
  ])('parses %j', (text, expected) => {
    expect(parseDateline(text, reference)).toMatchObject(expected);
  });

  it('refuses ordinary sentences', () => {
    expect(parseDateline('The talks - were good', reference)).toBeNull();
    expect(parseDateline('Toronto - x', reference)).toBeNull();
  });

  it('dates a month and day in the year nearest the item', () => {
    expect(resolveMonthDay(12, 31, null, Date.UTC(2022, 0, 2))).toBe('2021-12-31');
    expect(resolveMonthDay(1, 3, null, Date.UTC(2021, 11, 30))).toBe('2022-01-03');
    expect(resolveMonthDay(13, 1, 2022, null)).toBeNull();
  });
});

describe('article text', () => {
  it('turns HTML bodies into plain paragraphs', () => {
    expect(htmlToText('<p>One &amp; two.</p><p>Three&#8217;s</p>')).toBe('One & two.\n\nThree’s');
  });
});
