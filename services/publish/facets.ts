import type { Article, Enrichment, StoryFacets } from '../contracts/types.generated.ts';

/** One spelling per value, so filters, index keys and headers agree: trimmed, lower-case, single spaces, no commas or braces (index keys use braces as hash tags). */
export function normalizeFacet(value: string): string {
  return value.normalize('NFKC').replace(/[{}]/g, '').trim().toLowerCase().replace(/[\s,]+/g, ' ');
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set([...values].map(normalizeFacet).filter((v) => v.length > 0))].sort();
}

/** Subjects by controlled-vocabulary code when there is one (medtop:…, uri) and by name; the rest by name. */
export function storyFacets(article: Article, enrichment: Enrichment | null): StoryFacets {
  const entities = enrichment?.entities ?? [];
  const named = (kind: 'PERSON' | 'ORGANISATION' | 'PLACE') => entities.filter((e) => e.kind === kind).map((e) => e.canonicalName);
  return {
    provider: normalizeFacet(article.provider.id),
    subjects: distinct([
      ...article.subjects.flatMap((s) => (s.uri ? [s.uri, s.name] : [s.name])),
      ...(enrichment?.subjects ?? []).flatMap((s) => [s.code, s.label]),
    ]),
    places: distinct([...article.places.map((p) => p.name), ...(enrichment?.places ?? []).map((p) => p.name), ...named('PLACE'), ...(article.located?.city ? [article.located.city] : [])]),
    people: distinct([...article.people.map((p) => p.name), ...named('PERSON')]),
    organisations: distinct([...article.organisations.map((o) => o.name), ...named('ORGANISATION')]),
  };
}

export const FACET_KINDS = ['subject', 'place', 'person', 'organisation', 'provider'] as const;
export type FacetKind = (typeof FACET_KINDS)[number];

export function facetValues(facets: StoryFacets, kind: FacetKind): readonly string[] {
  switch (kind) {
    case 'subject':
      return facets.subjects;
    case 'place':
      return facets.places;
    case 'person':
      return facets.people;
    case 'organisation':
      return facets.organisations;
    case 'provider':
      return [facets.provider];
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
