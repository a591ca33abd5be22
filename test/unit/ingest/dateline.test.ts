import { describe, expect, it } from 'vitest';
import { normaliseCity, splitDateline } from '../../../services/ingest/parsers/dateline.ts';
import { RECEIVED_AT } from './support.ts';

describe('dateline', () => {
  it.each([
    ['date 2022-01-22 GENEVA – Talks ended.', { city: 'Geneva', date: '2022-01-22', source: null }],
    ['GENEVA (AP) — Talks ended.', { city: 'Geneva', date: null, source: 'AP' }],
    ['Geneva (dpa) - Talks ended.', { city: 'Geneva', source: 'dpa' }],
    ['LONDON, March 3 (Reuters) - Talks ended.', { city: 'London', date: '2021-03-03', source: 'Reuters' }],
    ['NEW YORK, Jan 20 - Talks ended.', { city: 'New York', date: '2022-01-20' }],
    ['WASHINGTON -- Talks ended.', { city: 'Washington', source: null }],
    ['PORTLAND, Ore., Feb 26 - Talks ended.', { city: 'Portland', country: 'United States', date: '2021-02-26' }],
  ])('%s', (paragraph, expected) => {
    const split = splitDateline(paragraph, RECEIVED_AT);
    expect(split?.dateline).toMatchObject(expected);
    expect(split?.rest).toBe('Talks ended.');
  });

  it.each(['The talks ended - and then?', 'UPDATE 1 - Talks ended.', 'Talks ended on Friday.', 'US-Russia talks - more'])('finds no dateline in %s', (paragraph) => {
    expect(splitDateline(paragraph, RECEIVED_AT)).toBeNull();
  });

  it('normalises capitalisation', () => {
    expect(normaliseCity('NEW YORK')).toBe('New York');
    expect(normaliseCity("N'DJAMENA")).toBe("N'Djamena");
    expect(normaliseCity('WINSTON-SALEM')).toBe('Winston-Salem');
    expect(normaliseCity('ST. LOUIS')).toBe('St. Louis');
    expect(normaliseCity('Geneva')).toBe('Geneva');
  });
});
