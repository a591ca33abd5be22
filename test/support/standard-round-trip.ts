import type { Article, Concept, Enrichment, Place, RelatedCoverage, Story } from '../../services/contracts/types.generated.ts';
import { storyFacets } from '../../services/publish/facets.ts';
import { parseItem } from '../../services/ingest/parsers/index.ts';
import { toNewsmlG2, NEWSML_G2_MEDIA_TYPE } from '../../services/publish/standards/newsml-g2-document.ts';
import { toNinjs, NINJS_MEDIA_TYPE } from '../../services/publish/standards/ninjs-document.ts';
import { iptcQcode } from '../../services/publish/standards/iptc-codes.ts';
import type { PublishedDocument } from '../../services/publish/standards/story-document.ts';

export type StandardFormat = 'ninjs' | 'newsml-g2';

/** Serialises the document in one standard and parses it back through Storyline's own ingest. */
export function throughFormat(document: PublishedDocument, format: StandardFormat, receivedAt: number): Article {
  const bytes = format === 'ninjs' ? Buffer.from(JSON.stringify(toNinjs(document))) : Buffer.from(toNewsmlG2(document));
  const parsed = parseItem({ bytes, contentType: format === 'ninjs' ? NINJS_MEDIA_TYPE : NEWSML_G2_MEDIA_TYPE, provider: document.article.provider, submissionId: 'round-trip', receivedAt });
  if (!parsed.ok) throw new Error(`${format} output did not parse back: ${parsed.error.code} ${parsed.error.message}`);
  return parsed.article;
}

const code = (uri: string | null): string | null => (uri === null ? null : (iptcQcode(uri) ?? uri));
const conceptFacts = (entry: Concept | Place) => ({ name: entry.name, code: code(entry.uri), rel: entry.rel, literal: 'literal' in entry ? entry.literal : null });

/**
 * What an article keeps through a standard: the fields both Storyline's article and the format carry.
 * ninjs 3 has no keywords and no signals; IPTC codes compare as QCodes (ninjs spells them as URIs).
 */
export function carriedFields(article: Article, format: StandardFormat) {
  return {
    version: article.providerVersion,
    versioncreated: article.versioncreated,
    firstcreated: article.firstcreated,
    embargoed: article.embargoed,
    pubstatus: article.pubstatus,
    language: article.language,
    headlines: article.headlines.map((headline) => ({ role: headline.role, value: headline.value })),
    body: article.bodies[0]?.value ?? '',
    contributors: article.contributors,
    contentHash: article.contentHash,
    byline: article.byline,
    located: article.located?.text ?? null,
    ednote: article.ednote,
    credit: article.provider.credit,
    subjects: article.subjects.map(conceptFacts),
    people: article.people.map(conceptFacts),
    organisations: article.organisations.map(conceptFacts),
    places: article.places.map(conceptFacts),
    associations: article.associations.filter((entry) => entry.uri !== null).map((entry) => ({ name: entry.name, uri: entry.uri })),
    ...(format === 'newsml-g2' ? { keywords: article.keywords, signals: article.signals } : {}),
  };
}

/** A published story of one article, as the projection would hold it after its first version. */
export function storyOf(article: Article, enrichment: Enrichment | null = null, related: RelatedCoverage[] = []): Story {
  return {
    storyId: 'st-0123456789abcdef01234567',
    sequence: 3,
    version: article.providerVersion,
    correction: false,
    firstPublishedAt: article.versioncreated,
    publishedAt: article.versioncreated,
    article,
    enrichment,
    enricherVersion: enrichment === null ? null : 'test',
    related,
    facets: storyFacets(article, enrichment),
    publishedVersions: [article.providerVersion],
  };
}
