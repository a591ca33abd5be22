import type { Article, Concept, Enrichment, NamedEntity, Place, RelatedCoverage, Story } from '../../contracts/types.generated.ts';
import type { KillRecord } from '../../domain/story/index.ts';
import type { PublishedVersion } from '../story-view.ts';
import { storyUri } from './iptc-codes.ts';

/**
 * One story version as the IPTC standards carry it: the published article with its enrichment
 * folded in (Media Topics as subjects, entities as people, organisations and places), the related
 * coverage, or a withdrawal after a kill. What the ninjs and NewsML-G2 serializers both read.
 */
export type StoryDocument = PublishedDocument | CanceledDocument;

export interface PublishedDocument {
  readonly kind: 'published';
  readonly storyId: string;
  readonly uri: string;
  readonly version: number;
  readonly correction: boolean;
  readonly firstPublishedAt: number | null;
  /** The article as published, its subjects, people, organisations and places joined by the enrichment's. */
  readonly article: Article;
  readonly summary: string | null;
  readonly related: readonly RelatedCoverage[];
}

export interface CanceledDocument {
  readonly kind: 'canceled';
  readonly storyId: string;
  readonly uri: string;
  readonly kill: KillRecord;
}

/** The latest published version of a story. */
export function documentOfStory(story: Story): PublishedDocument {
  return published(story.storyId, story.version, story.correction, story.firstPublishedAt, story.article, story.enrichment, story.related);
}

/** One published version; the enrichment and related coverage are the story's when it is the latest version. */
export function documentOfVersion(storyId: string, version: PublishedVersion, latest: Story | null): PublishedDocument {
  const isLatest = latest !== null && latest.version === version.version;
  return published(storyId, version.version, version.correction, latest?.firstPublishedAt ?? null, version.article, isLatest ? latest.enrichment : null, isLatest ? latest.related : []);
}

export function documentOfKill(storyId: string, kill: KillRecord): CanceledDocument {
  return { kind: 'canceled', storyId, uri: storyUri(storyId), kill };
}

function published(storyId: string, version: number, correction: boolean, firstPublishedAt: number | null, article: Article, enrichment: Enrichment | null, related: readonly RelatedCoverage[]): PublishedDocument {
  return { kind: 'published', storyId, uri: storyUri(storyId), version, correction, firstPublishedAt, article: withEnrichment(article, enrichment), summary: enrichment?.summary ?? null, related };
}

/** The provider's own concepts first; the enricher's are added where the provider named none alike. */
export function withEnrichment(article: Article, enrichment: Enrichment | null): Article {
  if (enrichment === null) return article;
  const entities = (kind: NamedEntity['kind']): Concept[] =>
    enrichment.entities.filter((entity) => entity.kind === kind).map((entity) => ({ name: entity.canonicalName, uri: entity.uri, rel: null, literal: null, confidence: entity.confidence }));
  const topics = enrichment.subjects.map((topic): Concept => ({ name: topic.label, uri: topic.code, rel: null, literal: null, confidence: topic.confidence }));
  const placesFound: Place[] = [
    ...enrichment.places,
    ...entities('PLACE').map((entity): Place => ({ name: entity.name, uri: entity.uri, rel: null, countryCode: null, latitude: null, longitude: null })),
  ];
  return {
    ...article,
    language: article.language ?? enrichment.language,
    subjects: joined(article.subjects, topics),
    people: joined(article.people, entities('PERSON')),
    organisations: joined(article.organisations, entities('ORGANISATION')),
    places: joined(article.places, placesFound),
  };
}

function joined<T extends { name: string; uri: string | null }>(own: readonly T[], found: readonly T[]): T[] {
  const seen = new Set(own.flatMap((entry) => [entry.name.toLowerCase(), ...(entry.uri ? [entry.uri] : [])]));
  const result = [...own];
  for (const entry of found) {
    if (seen.has(entry.name.toLowerCase()) || (entry.uri !== null && seen.has(entry.uri))) continue;
    seen.add(entry.name.toLowerCase());
    if (entry.uri !== null) seen.add(entry.uri);
    result.push(entry);
  }
  return result;
}

/** A place as the concept it is, for the fields every concept has. */
export function placeConcept(entry: Place): Concept {
  return { name: entry.name, uri: entry.uri, rel: entry.rel, literal: null, confidence: null };
}

/** The body as paragraphs with the closing credits after them, as the copy printed them. */
export function paragraphsOf(article: Article): string[] {
  const text = article.bodies[0]?.value ?? '';
  return [...text.split(/\n{2,}/).filter((paragraph) => paragraph.trim() !== ''), ...article.contributors];
}
