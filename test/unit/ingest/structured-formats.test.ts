import { describe, expect, it } from 'vitest';
import { parseItems } from '../../../services/ingest/parsers/index.ts';
import { input, parsed, paragraphs } from './support.ts';

const NINJS_2 = JSON.stringify({
  uri: 'urn:acme:story:42',
  version: '3',
  versioncreated: '2022-01-22T10:00:00Z',
  firstcreated: '2022-01-22T08:00:00+01:00',
  pubstatus: 'usable',
  type: 'text',
  language: 'en',
  headlines: [{ role: 'sub', value: 'Sub' }, { role: 'main', value: 'Talks end without progress' }],
  bodies: [{ role: 'main', contenttype: 'text/html', value: '<p>GENEVA (AP) — Talks <b>ended</b>.</p><p>No deal.</p>' }],
  by: 'By Ann Writer',
  located: 'Geneva',
  subjects: [{ name: 'diplomacy', uri: 'http://cv.iptc.org/newscodes/mediatopic/20000565' }],
  people: [{ name: 'Antony Blinken' }],
  keywords: ['talks'],
  embargoed: '2022-01-22T12:00:00Z',
  ednote: 'CORRECTION: fixes name',
  associations: [{ name: 'photo', uri: 'urn:acme:photo:1', type: 'picture' }],
});

const NINJS_3 = JSON.stringify({
  uri: 'urn:acme:story:43',
  versionCreated: '2022-01-22T10:00:00Z',
  pubStatus: 'canceled',
  headlines: [{ value: 'Withdrawn story' }],
  bodies: [{ contentType: 'text/plain', value: 'WASHINGTON -- One.\n\nTwo.' }],
});

const NITF = `<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>T</title>
<docdata management-status="canceled"><doc-id regsrc="ACME" id-string="ACME.1"/><du-key key="talks" version="2"/>
<date.issue norm="20220122T100000Z"/><ed-msg info="Kill: legal"/>
<identified-content><person>Antony Blinken</person><org>NATO</org></identified-content></docdata></head>
<body><body.head><hedline><hl1>Talks end</hl1><hl2>No progress</hl2></hedline>
<byline>By ANN WRITER<byttl>Acme Writer</byttl></byline><dateline><location><city>GENEVA</city></location></dateline></body.head>
<body.content><p>GENEVA (ACME) — Talks <location>ended</location>, officials said.</p><p>Second &amp; last.</p></body.content></body></nitf>`;

const G2 = `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<packageItem guid="urn:pkg" version="1"/>
<newsItem guid="urn:acme:g2:7" version="4" xml:lang="en"><itemMeta><itemClass qcode="ninat:text"/>
<versionCreated>2022-01-22T10:00:00Z</versionCreated><firstCreated>2022-01-22T09:00:00Z</firstCreated>
<pubStatus qcode="stat:usable"/><signal qcode="sig:correction"/><edNote>Corrects spelling</edNote></itemMeta>
<contentMeta><located><name>Geneva</name><broader><name>Switzerland</name></broader></located>
<subject type="cpnat:person" qcode="p:1"><name>Sergey Lavrov</name></subject><subject qcode="medtop:11000000"><name>politics</name></subject>
<headline>Lavrov and Blinken meet</headline><by>Ann Writer</by></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Ann Writer</p><p>GENEVA (Acme) - They met.</p><p>Then left.</p></body></html></inlineXML></contentSet>
</newsItem>
<newsItem guid="urn:acme:g2:8"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>
</itemSet></newsMessage>`;

describe('ninjs', () => {
  it('reads a 2.x item', () => {
    const article = parsed(NINJS_2, 'application/ninjs+json');
    expect(article.headlines.map((headline) => headline.role)).toEqual(['main', 'sub']);
    expect(article.headlines[0]?.value).toBe('Talks end without progress');
    expect(paragraphs(article)).toEqual(['Talks ended.', 'No deal.']);
    expect(article).toMatchObject({
      providerItemId: 'urn:acme:story:42',
      providerVersion: 3,
      version: '3',
      versioncreated: Date.UTC(2022, 0, 22, 10),
      firstcreated: Date.UTC(2022, 0, 22, 7),
      embargoed: Date.UTC(2022, 0, 22, 12),
      byline: 'By Ann Writer',
      language: 'en',
      keywords: ['talks'],
      signals: ['CORRECTION'],
      associations: [{ name: 'photo', uri: 'urn:acme:photo:1', type: 'picture' }],
    });
    expect(article.located).toMatchObject({ city: 'Geneva', source: 'AP' });
    expect(article.people[0]?.name).toBe('Antony Blinken');
    expect(article.raw.format).toBe('NINJS');
  });

  it('reads a 3.x item with camelCase keys, canceled → KILL', () => {
    const article = parsed(NINJS_3, 'application/json');
    expect(article).toMatchObject({ pubstatus: 'canceled', signals: ['KILL'], providerVersion: 1 });
    expect(article.located?.city).toBe('Washington');
  });

  it('reads 1.x headline/body_text', () => {
    const article = parsed(JSON.stringify({ guid: 'g-1', headline: 'H', body_text: 'One.\nTwo.', versioncreated: '2022-01-22T10:00:00+0000' }));
    expect(paragraphs(article)).toEqual(['One.', 'Two.']);
  });
});

describe('NITF', () => {
  it('reads head, body.head and body.content; canceled → KILL', () => {
    const article = parsed(NITF, 'application/nitf+xml');
    expect(article).toMatchObject({
      providerItemId: 'ACME.1',
      providerVersion: 2,
      versioncreated: Date.UTC(2022, 0, 22, 10),
      pubstatus: 'canceled',
      byline: 'By ANN WRITER',
      ednote: 'Kill: legal',
    });
    expect(article.signals).toContain('KILL');
    expect(article.headlines).toEqual([
      { role: 'main', contenttype: 'text/plain', value: 'Talks end' },
      { role: 'sub', contenttype: 'text/plain', value: 'No progress' },
    ]);
    expect(paragraphs(article)).toEqual(['Talks ended, officials said.', 'Second & last.']);
    expect(article.located).toMatchObject({ city: 'Geneva', source: 'ACME' });
    expect(article.people.map((person) => person.name)).toEqual(['Antony Blinken']);
    expect(article.organisations.map((org) => org.name)).toEqual(['NATO']);
  });

  it('is chosen by sniffing text/xml', () => {
    expect(parsed(NITF, 'text/xml').raw.format).toBe('NITF');
  });
});

describe('NewsML-G2', () => {
  it('parses the text item of a newsMessage and refuses the package and picture', () => {
    const results = parseItems(input(G2));
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(['unsupported_item_type', 'ok', 'unsupported_item_type']);
    const article = parsed(G2, 'application/vnd.iptc.g2.newsitem+xml');
    expect(article).toMatchObject({
      providerItemId: 'urn:acme:g2:7',
      providerVersion: 4,
      byline: 'Ann Writer',
      ednote: 'Corrects spelling',
      signals: ['CORRECTION'],
      language: 'en',
    });
    expect(paragraphs(article)).toEqual(['They met.', 'Then left.']);
    expect(article.located).toMatchObject({ city: 'Geneva', country: 'Switzerland', source: 'Acme' });
    expect(article.people.map((person) => person.name)).toEqual(['Sergey Lavrov']);
    expect(article.subjects.map((subject) => subject.uri)).toEqual(['medtop:11000000']);
  });
});

describe('content hash', () => {
  it('ignores whitespace differences and changes with the text', () => {
    const a = parsed('Storm\n\nMIAMI (AP) — A storm   hit.\n\nRain.');
    const b = parsed('Storm\n\nMIAMI (AP) — A storm hit.\n\n  Rain. ');
    const c = parsed('Storm\n\nMIAMI (AP) — A storm hit.\n\nMore rain.');
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.contentHash).not.toBe(c.contentHash);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
