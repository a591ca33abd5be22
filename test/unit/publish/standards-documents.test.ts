import { describe, expect, it } from 'vitest';
import type { Article, Enrichment } from '../../../services/contracts/types.generated.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { toNewsmlG2 } from '../../../services/publish/standards/newsml-g2-document.ts';
import { toNinjs } from '../../../services/publish/standards/ninjs-document.ts';
import { documentOfKill, documentOfStory, documentOfVersion } from '../../../services/publish/standards/story-document.ts';
import { asUri, iptcQcode, iptcUri } from '../../../services/publish/standards/iptc-codes.ts';
import { carriedFields, storyOf, throughFormat, type StandardFormat } from '../../support/standard-round-trip.ts';

const RECEIVED_AT = Date.UTC(2026, 11, 3, 12);
const provider = { id: 'wire', name: 'Wire' };

function ingest(body: string, contentType: string): Article {
  const parsed = parseItem({ bytes: Buffer.from(body), contentType, provider, submissionId: 'sub-1', receivedAt: RECEIVED_AT });
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
  return parsed.article;
}

const NITF = `<?xml version="1.0" encoding="UTF-8"?>
<nitf lang="en"><head><title>Talks resume in Geneva</title>
<tobject tobject.type="news"><tobject.subject tobject.subject.refnum="11000000" tobject.subject.type="Politics"/></tobject>
<docdata management-status="usable"><doc-id id-string="urn:wire:geneva-1" regsrc="Wire"/><du-key version="2" key="geneva"/>
<date.issue norm="20261203T090000Z"/><ed-msg info="Embargo lifted"/>
<identified-content><person>Jane Roe</person><org>United Nations</org><location>Geneva</location></identified-content>
<key-list><keyword key="diplomacy"/></key-list></docdata></head>
<body><body.head><hedline><hl1>Talks resume in Geneva &amp; &lt;Vienna&gt;</hl1></hedline><byline>By Jane Roe</byline>
<dateline><location><city>GENEVA</city></location></dateline></body.head>
<body.content><p>GENEVA (Wire) — Delegates met again on Thursday.</p><p>The talks will go on "for days", one said.</p><p>John Doe in Vienna contributed to this report.</p></body.content></body></nitf>`;

const NINJS = JSON.stringify({
  uri: 'urn:wire:ninjs-7',
  version: '3',
  versionCreated: '2026-12-03T10:00:00Z',
  firstCreated: '2026-12-03T08:00:00Z',
  pubStatus: 'usable',
  language: 'fr',
  headlines: [{ role: 'main', value: 'Le sommet reprend' }, { role: 'sub', value: 'Deuxième jour' }],
  bodies: [{ role: 'main', contentType: 'text/plain', value: 'PARIS, 3 déc (Wire) - Le sommet a repris.\n\nLes délégués sont arrivés.' }],
  by: 'Marie Curie',
  edNote: 'Mise à jour',
  subjects: [{ name: 'politics', uri: 'http://cv.iptc.org/newscodes/mediatopic/11000000', rel: 'about' }, { name: 'Sommet', literal: 'sommet' }],
  people: [{ name: 'Emmanuel Macron', uri: 'https://www.wikidata.org/wiki/Q3052772' }],
  organisations: [{ name: 'OTAN' }],
  places: [{ name: 'Paris', uri: 'http://sws.geonames.org/2988507/' }],
  associations: [{ name: 'photo', uri: 'urn:wire:photo-1', type: 'picture' }],
  infoSources: [{ name: 'Wire', role: 'originator' }],
});

const G2 = `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:wire:g2-9" version="4" standard="NewsML-G2" standardversion="2.34">
<itemMeta><itemClass qcode="ninat:text"/><provider literal="wire"/><versionCreated>2026-12-03T11:00:00Z</versionCreated>
<pubStatus qcode="stat:usable"/><signal qcode="sig:correction"/><link rel="irel:seeAlso" href="urn:wire:background"><title>Background</title></link></itemMeta>
<contentMeta><located><name>Nairobi</name><broader type="cpnat:geoArea"><name>Kenya</name></broader></located><language tag="en"/>
<keyword>drought</keyword><subject type="cpnat:abstract" qcode="medtop:06000000"><name>environment</name></subject>
<subject type="cpnat:person" literal="William Ruto"><name>William Ruto</name></subject>
<subject type="cpnat:organisation" uri="https://www.wikidata.org/wiki/Q7809"><name>UNESCO</name></subject>
<subject type="cpnat:geoArea" qcode="geo:kenya"><name>Kenya</name></subject>
<headline>Rains return to Kenya</headline><by>Amina Odhiambo</by><creditline>Wire</creditline></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
<p>NAIROBI, Dec 3 (Wire) - Rains returned on Wednesday.</p><p>Farmers welcomed them.</p></body></html></inlineXML></contentSet></newsItem>`;

const PLAIN = 'Storm hits coast\n\nMIAMI (Wire) — A storm hit the coast on Tuesday.\n\nThousands lost power.';

const SOURCES = [
  ['NITF', NITF, 'application/nitf+xml'],
  ['ninjs', NINJS, 'application/ninjs+json'],
  ['NewsML-G2', G2, 'application/vnd.iptc.g2.newsitem+xml'],
  ['plain text', PLAIN, 'text/plain'],
] as const;

describe('round trips: what Storyline ingests from one format it hands on in another', () => {
  const cases = SOURCES.flatMap(([name, body, type]) => (['ninjs', 'newsml-g2'] as const).map((format) => [name, format, body, type] as const));
  it.each(cases)('%s in, %s out, ingested again: every field both carry is unchanged', (_name, format: StandardFormat, body, type) => {
    const article = ingest(body, type);
    const back = throughFormat(documentOfStory(storyOf(article)), format, RECEIVED_AT);
    expect(carriedFields(back, format)).toEqual(carriedFields(article, format));
    expect(back.contentHash).toBe(article.contentHash);
  });

  it('a story served as NewsML-G2 parses back to the same article: identity is the story, content is the article', () => {
    const article = ingest(G2, 'application/vnd.iptc.g2.newsitem+xml');
    const back = throughFormat(documentOfStory(storyOf(article)), 'newsml-g2', RECEIVED_AT);
    const { uri: _uri, providerItemId: _item, raw: _raw, ...content } = article;
    const { uri, providerItemId, raw: _rawBack, ...contentBack } = back;
    expect(providerItemId).toBe('storyline:story:st-0123456789abcdef01234567');
    expect(uri).toBe(`storyline:item:wire:${providerItemId}`);
    expect(contentBack).toEqual(content);
  });
});

const enrichment: Enrichment = {
  language: 'en',
  dateline: null,
  entities: [
    { kind: 'PERSON', canonicalName: 'Jane Roe', aliases: [], mentions: 2, offsets: [], uri: null, confidence: 0.9 },
    { kind: 'PERSON', canonicalName: 'António Guterres', aliases: [], mentions: 1, offsets: [], uri: 'https://www.wikidata.org/wiki/Q311440', confidence: 0.8 },
    { kind: 'ORGANISATION', canonicalName: 'Red Cross', aliases: [], mentions: 1, offsets: [], uri: null, confidence: null },
  ],
  places: [{ name: 'Lausanne', uri: null, rel: null, countryCode: 'CH', latitude: 46.52, longitude: 6.63 }],
  quotes: [],
  keywords: [],
  summary: 'Delegates met again.',
  subjects: [{ code: 'medtop:16000000', label: 'conflict, war and peace', confidence: 0.72 }],
  sentenceCount: 2,
  paragraphCount: 2,
  sentences: [],
  paragraphs: [],
};
const related = [{ item: { uri: 'storyline:item:other:id with "quotes"#1#2', providerId: 'other', providerItemId: 'x', providerVersion: 2, contentHash: 'h' }, relation: 'SAME_EVENT' as const, score: 0.81, headline: 'Geneva talks resume <again>' }];

describe('a story version in ninjs 3.1', () => {
  const ninjs = toNinjs(documentOfStory(storyOf(ingest(NITF, 'application/nitf+xml'), enrichment, related)));

  it('carries the story as the news object, its version, status and dates', () => {
    expect(ninjs).toMatchObject({ uri: 'storyline:story:st-0123456789abcdef01234567', type: 'text', version: '2', pubStatus: 'usable', versionCreated: '2026-12-03T09:00:00.000Z', standard: { name: 'ninjs', version: '3.1' } });
    expect(ninjs['altIds']).toContainEqual({ role: 'provider-item', value: 'storyline:item:wire:urn:wire:geneva-1' });
    expect(Object.values(ninjs)).not.toContain(null);
  });

  it('gives subjects as IPTC Media Topic URIs and entities as people, organisations and places', () => {
    expect(ninjs['subjects']).toContainEqual({ name: 'conflict, war and peace', uri: 'http://cv.iptc.org/newscodes/mediatopic/16000000', confidence: 72 });
    expect(ninjs['people']).toEqual([{ name: 'Jane Roe' }, { name: 'António Guterres', uri: 'https://www.wikidata.org/wiki/Q311440', confidence: 80 }]);
    expect(ninjs['organisations']).toEqual([{ name: 'United Nations' }, { name: 'Red Cross' }]);
    expect(ninjs['places']).toContainEqual({ name: 'Lausanne', geoJSON: { type: 'Point', coordinates: [6.63, 46.52] } });
    expect(ninjs['descriptions']).toEqual([{ role: 'summary', contentType: 'text/plain', value: 'Delegates met again.' }]);
  });

  it('lists related coverage as associations with URIs made valid', () => {
    expect(ninjs['associations']).toEqual([
      { name: 'Geneva talks resume <again>', uri: 'storyline:item:other:id%20with%20%22quotes%22#1%232', rel: 'same-event', type: 'text', version: '2', headlines: [{ value: 'Geneva talks resume <again>' }] },
    ]);
  });

  it('an older version carries its own article without the latest version\'s enrichment', () => {
    const story = storyOf(ingest(NITF, 'application/nitf+xml'), enrichment, related);
    const older = { version: 1, sequence: 1, publishedAt: 0, correction: false, reason: 'NEW' as const, article: { ...story.article, providerVersion: 1, version: '1' }, changes: { headlineChanged: false, paragraphs: [], added: 0, removed: 0, changed: 0 } as never };
    const document = toNinjs(documentOfVersion(story.storyId, older, story));
    expect(document['version']).toBe('1');
    expect(document['associations']).toBeUndefined();
    expect(JSON.stringify(document['subjects'])).not.toContain('mediatopic/16000000');
  });

  it('after a kill the story is canceled', () => {
    const canceled = toNinjs(documentOfKill('st-9', { cause: 'MERGED', requestedBy: 'router', reason: null, mergedInto: 'st-2', killedAt: RECEIVED_AT, sequence: 7 }));
    expect(canceled).toEqual({
      uri: 'storyline:story:st-9',
      standard: { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' },
      type: 'text',
      pubStatus: 'canceled',
      versionCreated: '2026-12-03T12:00:00.000Z',
      edNote: 'Withdrawn: story st-9 was merged into story st-2.',
      altIds: [{ role: 'storyline-story', value: 'st-9' }],
    });
  });
});

describe('a story version as a NewsML-G2 newsItem', () => {
  const xml = toNewsmlG2(documentOfStory(storyOf(ingest(NITF, 'application/nitf+xml'), enrichment, related)));

  it('gives Media Topics as QCodes and escapes every value', () => {
    expect(xml).toContain('<subject type="cpnat:abstract" qcode="medtop:16000000" confidence="72">');
    expect(xml).toContain('<subject type="cpnat:person" uri="https://www.wikidata.org/wiki/Q311440" confidence="80">');
    expect(xml).toContain('<headline role="hltype:main">Talks resume in Geneva &amp; &lt;Vienna&gt;</headline>');
    expect(xml).toContain('<link rel="irel:seeAlso" href="storyline:item:other:id with &quot;quotes&quot;#1#2" version="2"');
    expect(xml).toContain('<pubStatus qcode="stat:usable"/>');
  });

  it('enriched, it parses back with the enrichment as the article\'s own subjects, people, organisations and places', () => {
    const back = ingest(xml, 'application/vnd.iptc.g2.newsitem+xml');
    expect(back.subjects.map((s) => s.uri)).toContain('medtop:16000000');
    expect(back.people.map((p) => p.name)).toEqual(['Jane Roe', 'António Guterres']);
    expect(back.organisations.map((o) => o.name)).toEqual(['United Nations', 'Red Cross']);
    expect(back.places.map((p) => p.name)).toEqual(['Geneva', 'Lausanne']);
    expect(back.associations).toEqual([{ name: 'Geneva talks resume <again>', uri: 'storyline:item:other:id with "quotes"#1#2', type: null }]);
  });

  it('after a kill it is canceled and ingest reads it as a withdrawal', () => {
    const canceled = toNewsmlG2(documentOfKill('st-9', { cause: 'OPERATOR', requestedBy: 'desk', reason: 'legal', mergedInto: null, killedAt: RECEIVED_AT, sequence: 7 }));
    const back = ingest(canceled, 'application/vnd.iptc.g2.newsitem+xml');
    expect(back.pubstatus).toBe('canceled');
    expect(back.signals).toContain('KILL');
    expect(back.ednote).toBe('Withdrawn (OPERATOR: legal).');
  });
});

describe('IPTC codes and URIs', () => {
  it('spell a Media Topic both ways and leave other identifiers alone', () => {
    expect(iptcUri('medtop:20000763')).toBe('http://cv.iptc.org/newscodes/mediatopic/20000763');
    expect(iptcQcode('http://cv.iptc.org/newscodes/mediatopic/20000763')).toBe('medtop:20000763');
    expect(iptcQcode('https://www.wikidata.org/wiki/Q1')).toBeNull();
    expect(asUri('urn:a:b#c')).toBe('urn:a:b#c');
    expect(asUri('x:a b#c#d\ud800')).toBe('x:a%20b#c%23d%EF%BF%BD');
  });
});
