import { XMLBuilder } from 'fast-xml-parser';
import type { Concept, Signal } from '../../contracts/types.generated.ts';
import { iptcQcode } from './iptc-codes.ts';
import { isoOrNull, withoutEmpty } from './document-values.ts';
import { killDetail } from './kill-detail.ts';
import { paragraphsOf, placeConcept, type CanceledDocument, type PublishedDocument, type StoryDocument } from './story-document.ts';

export const NEWSML_G2_MEDIA_TYPE = 'application/vnd.iptc.g2.newsitem+xml';

const NAR_NAMESPACE = 'http://iptc.org/std/nar/2006-10-01/';
const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Declares the IPTC schemes the QCodes below use: ninat, stat, sig, cpnat, medtop, irel, infosrc, drol. */
const IPTC_CATALOG = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml';
const G2_VERSION = '2.34';

type XmlNode = Record<string, unknown>;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', format: true, suppressEmptyNode: true });

/**
 * A story version as a NewsML-G2 newsItem (text, XHTML body). Built as a tree and serialised by
 * fast-xml-parser's builder, which escapes every text and attribute value.
 */
export function toNewsmlG2(document: StoryDocument): string {
  const item = document.kind === 'published' ? publishedItem(document) : canceledItem(document);
  return builder.build({ '?xml': { '@version': '1.0', '@encoding': 'UTF-8' }, newsItem: item });
}

function root(document: StoryDocument, version: number | null, language: string | null): XmlNode {
  return withoutEmpty({
    '@xmlns': NAR_NAMESPACE,
    '@guid': document.uri,
    '@version': version === null ? null : String(version),
    '@standard': 'NewsML-G2',
    '@standardversion': G2_VERSION,
    '@conformance': 'power',
    '@xml:lang': language,
    catalogRef: { '@href': IPTC_CATALOG },
  });
}

function publishedItem(document: PublishedDocument): XmlNode {
  const { article } = document;
  const headline = article.headlines[0]?.value ?? '';
  return {
    ...root(document, document.version, article.language),
    itemMeta: withoutEmpty({
      itemClass: { '@qcode': 'ninat:text' },
      provider: { '@literal': 'storyline' },
      versionCreated: new Date(article.versioncreated).toISOString(),
      firstCreated: isoOrNull(article.firstcreated),
      embargoed: isoOrNull(article.embargoed),
      pubStatus: { '@qcode': `stat:${article.pubstatus}` },
      edNote: article.ednote,
      signal: article.signals.flatMap(signalQcode).map((qcode) => ({ '@qcode': qcode })),
      link: [
        ...article.associations.filter((entry) => entry.uri !== null).map((entry) => ({ '@rel': 'irel:associatedWith', '@href': entry.uri, title: entry.name })),
        ...document.related.map((related) =>
          withoutEmpty({ '@rel': 'irel:seeAlso', '@href': related.item.uri, '@version': String(related.item.providerVersion), '@contenttype': NEWSML_G2_MEDIA_TYPE, title: related.headline ?? related.item.uri }),
        ),
      ],
    }),
    contentMeta: withoutEmpty({
      located: article.located?.city ? withoutEmpty({ name: article.located.city, broader: article.located.country ? { '@type': 'cpnat:geoArea', name: article.located.country } : null }) : null,
      infoSource: article.provider.credit === null ? null : { '@role': 'infosrc:originator', '@literal': article.provider.credit },
      altId: [
        { '@type': 'storyline:story', '#text': document.storyId },
        { '@type': 'storyline:providerItem', '#text': article.uri },
      ],
      language: article.language === null ? null : { '@tag': article.language },
      keyword: article.keywords,
      subject: [
        ...article.subjects.map((entry) => subject(entry, 'cpnat:abstract')),
        ...article.people.map((entry) => subject(entry, 'cpnat:person')),
        ...article.organisations.map((entry) => subject(entry, 'cpnat:organisation')),
        ...article.places.map((entry) => subject(placeConcept(entry), 'cpnat:geoArea')),
      ],
      headline: article.headlines.map((entry) => ({ '@role': `hltype:${entry.role}`, '#text': entry.value })),
      dateline: article.located?.text || null,
      by: article.byline,
      creditline: article.provider.credit,
      description: document.summary === null ? null : { '@role': 'drol:summary', '#text': document.summary },
    }),
    contentSet: {
      inlineXML: {
        '@contenttype': 'application/xhtml+xml',
        html: { '@xmlns': XHTML_NAMESPACE, head: { title: headline }, body: { p: paragraphsOf(article) } },
      },
    },
  };
}

function canceledItem(document: CanceledDocument): XmlNode {
  return {
    ...root(document, null, null),
    itemMeta: {
      itemClass: { '@qcode': 'ninat:text' },
      provider: { '@literal': 'storyline' },
      versionCreated: new Date(document.kill.killedAt).toISOString(),
      pubStatus: { '@qcode': 'stat:canceled' },
      edNote: killDetail(document),
    },
    contentMeta: { altId: { '@type': 'storyline:story', '#text': document.storyId }, headline: 'Withdrawn' },
  };
}

/** IPTC codes as QCodes, other identifiers as URIs; the name as a child, as G2 concepts carry it. */
function subject(entry: Concept, type: string): XmlNode {
  const qcode = entry.uri === null ? null : iptcQcode(entry.uri);
  return withoutEmpty({
    '@type': type,
    '@qcode': qcode,
    '@uri': qcode === null ? entry.uri : null,
    '@literal': entry.literal,
    '@rel': entry.rel,
    '@confidence': entry.confidence === null ? null : String(Math.round(entry.confidence <= 1 ? entry.confidence * 100 : entry.confidence)),
    name: entry.name,
  });
}

function signalQcode(signal: Signal): string[] {
  switch (signal) {
    case 'UPDATE':
      return ['sig:update'];
    case 'CORRECTION':
      return ['sig:correction'];
    case 'KILL':
    case 'UNKNOWN':
      // A withdrawal is the canceled pubStatus, not a signal.
      return [];
    default: {
      const unreachable: never = signal;
      return unreachable;
    }
  }
}


