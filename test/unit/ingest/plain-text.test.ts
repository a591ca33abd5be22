import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsed, paragraphs, refused } from './support.ts';

const seed = readFileSync(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url));

describe('plain text: the seed article', () => {
  const article = parsed(seed, 'text/plain; charset=utf-8');

  it('reads the dateline: Geneva, 2022-01-22', () => {
    expect(article.located).toMatchObject({ city: 'Geneva', date: '2022-01-22', source: null });
    expect(article.located?.text).toBe('date 2022-01-22 GENEVA');
  });

  it('keeps its 31 body paragraphs intact, the dateline removed from the first', () => {
    const body = paragraphs(article);
    expect(body).toHaveLength(31);
    expect(body[0]).toMatch(/^The United States and Russia tried to lower the temperature/);
    expect(body[30]).toMatch(/^In eastern Ukraine, a soldier stationed near/);
  });

  it('recognises the closing line as contributors, not body', () => {
    expect(article.contributors).toEqual([
      'Vladimir Isachenkov in Moscow, Jan M. Olsen in Copenhagen, Denmark and Suzanne Fraser in Ankara, Turkey contributed.',
    ]);
    expect(article.bodies[0]?.value).not.toContain('contributed.');
  });

  it('derives the headline from the first sentence, cut at a word boundary', () => {
    expect(article.headlines).toHaveLength(1);
    expect(article.headlines[0]?.value).toMatch(/^The United States and Russia tried to lower the temperature in a heated clash over Ukraine.*…$/);
    expect(article.headlines[0]!.value.length).toBeLessThanOrEqual(120);
  });

  it('gets a stable derived id, version 1 and raw reference', () => {
    expect(article.providerItemId).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(article.uri).toBe(`storyline:item:acme:${article.providerItemId}`);
    expect(article.providerVersion).toBe(1);
    expect(article.raw).toMatchObject({ format: 'PLAIN_TEXT', size: seed.byteLength, contentType: 'text/plain; charset=utf-8' });
    expect(parsed(seed).providerItemId).toBe(article.providerItemId);
    expect(parsed(seed).contentHash).toBe(article.contentHash);
  });
});

describe('plain text: agency forms', () => {
  it('takes a separate first line as the headline and reads an AP dateline', () => {
    const article = parsed('Storm hits coast\n\nMIAMI (AP) — A storm hit the coast on Monday.\n\nMore rain is expected.\n\nJane Roe in Tampa contributed to this report.');
    expect(article.headlines[0]?.value).toBe('Storm hits coast');
    expect(article.located).toMatchObject({ city: 'Miami', source: 'AP', text: 'MIAMI (AP)' });
    expect(paragraphs(article)).toEqual(['A storm hit the coast on Monday.', 'More rain is expected.']);
    expect(article.contributors).toEqual(['Jane Roe in Tampa contributed to this report.']);
  });

  it('reads a Reuters dateline with a date and the Reporting by line', () => {
    const article = parsed('LONDON, March 3 (Reuters) - Shares rose on Thursday.\n\nTraders were cheerful.\n\n(Reporting by A. Writer; Editing by B. Editor)');
    expect(article.located).toMatchObject({ city: 'London', date: '2021-03-03', source: 'Reuters' });
    expect(article.contributors).toEqual(['(Reporting by A. Writer; Editing by B. Editor)']);
  });

  it('reads an uncredited dateline with a double hyphen and a "By" line', () => {
    const article = parsed('Senate passes budget\nBy Sam Smith\nWASHINGTON -- The Senate passed the budget late on Friday.');
    expect(article.headlines[0]?.value).toBe('Senate passes budget');
    expect(article.byline).toBe('By Sam Smith');
    expect(article.located).toMatchObject({ city: 'Washington', source: null });
  });

  it('reads state and country after the city', () => {
    expect(parsed('FORT WASHINGTON, Pa. (AP) _ Profit rose.').located).toMatchObject({ city: 'Fort Washington', country: 'United States' });
    expect(parsed('RIO DE JANEIRO, Brazil (AP) — Rain fell.').located).toMatchObject({ city: 'Rio de Janeiro', country: 'Brazil' });
  });

  it('turns CORRECTION, UPDATE, Writethru and KILL markers into signals', () => {
    expect(parsed('CORRECTION: Storm hits coast\n\nMIAMI (AP) — A storm hit.').signals).toEqual(['CORRECTION']);
    expect(parsed('UPDATE 2-Storm hits coast\n\nMIAMI (AP) — A storm hit.').signals).toEqual(['UPDATE']);
    expect(parsed('BC-Storm, 3rd Ld-Writethru\n\nMIAMI (AP) — A storm hit.').signals).toEqual(['UPDATE']);
    expect(parsed('KILL Storm hits coast\n\nMIAMI (AP) — A storm hit.').signals).toEqual(['KILL']);
    expect(parsed('Updated rules for storms\n\nMIAMI (AP) — A storm hit.').signals).toEqual([]);
  });

  it('accepts text without a dateline: the first sentence gives the headline', () => {
    const article = parsed('Just some words.\n\nAnd more words.', 'text/plain');
    expect(article.located).toBeNull();
    expect(article.headlines[0]?.value).toMatch(/^Just some words/);
    expect(paragraphs(article)).toEqual(['Just some words.', 'And more words.']);
  });

  it('accepts a press release without a dateline, its short first line as the headline', () => {
    const article = parsed('Acme opens new plant\n\nAcme Corp. said on Monday it opened a plant.\n\nIt employs 300 people.', 'text/plain');
    expect(article.located).toBeNull();
    expect(article.headlines[0]?.value).toBe('Acme opens new plant');
    expect(paragraphs(article)).toEqual(['Acme Corp. said on Monday it opened a plant.', 'It employs 300 people.']);
  });

  it.each([
    ['PARIS, 14 mars (AFP) - Le président a reçu son homologue.', { city: 'Paris', date: '2021-03-14', source: 'AFP' }],
    ['LIMA, 9 jun (EFE).- El Gobierno declaró el estado de emergencia.', { city: 'Lima', date: '2021-06-09', source: 'EFE' }],
    ['BERLIN, 5. März (dpa) - Der Kanzler empfing den Präsidenten.', { city: 'Berlin', date: '2022-03-05', source: 'dpa' }],
    ['МОСКВА, 4 сентября (РИА Новости) — Министр встретился с послом.', { city: 'Москва', date: '2021-09-04', source: 'РИА Новости' }],
    ['新华社北京3月5日电 国务院总理今天作政府工作报告。', { city: '北京', date: '2022-03-05', source: '新华社' }],
  ])('reads the wire dateline of %s', (text, expected) => {
    expect(parsed(text, 'text/plain').located).toMatchObject(expected);
  });

  it('refuses ANPA / IPTC 7901 framing and e-mail', () => {
    expect(refused('\u0001abc 123\u0002\nNEW YORK (AP) _ text').code).toBe('unsupported_format');
    expect(refused('From: a@example.com\nSubject: hi\n\nNEW YORK (AP) — text').code).toBe('unsupported_format');
  });

  it('refuses empty text', () => {
    expect(refused(' \n\n ', 'text/plain').code).toBe('empty_body');
  });
});
