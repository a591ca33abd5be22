import { z } from 'zod';
import type { Story, StoryFacets } from '../contracts/types.generated.ts';
import { FACET_KINDS, facetValues, normalizeFacet, type FacetKind } from '../publish/facets.ts';

/** Filters shared by the list, the feed and the live stream: facets match exactly (normalized), AND across kinds. */
export interface StoryFilter {
  readonly facets: Partial<Record<FacetKind, string>>;
  /** Epoch ms, inclusive. */
  readonly since: number | null;
  readonly until: number | null;
}

/** The latest instant a JavaScript date holds (year 275760); anything later is not a time. */
const MAX_INSTANT_MS = 8.64e15;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch milliseconds (digits only) or an ISO 8601 date-time, within the range of a date: `1e30` is neither. */
const instant = z
  .string()
  .trim()
  .max(40)
  .transform((value, ctx) => {
    const ms = /^\d{1,16}$/.test(value) ? Number(value) : ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
    if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_INSTANT_MS) {
      ctx.addIssue({ code: 'custom', message: 'an ISO 8601 date-time or epoch milliseconds, from 1970 on' });
      return z.NEVER;
    }
    return ms;
  });

const facet = z.string().trim().min(1).max(200).transform(normalizeFacet);

export const FilterQuery = z.object({
  subject: facet.optional(),
  place: facet.optional(),
  person: facet.optional(),
  organisation: facet.optional(),
  provider: facet.optional(),
  since: instant.optional(),
  until: instant.optional(),
});

export const PageQuery = FilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
});

export type PageQuery = z.output<typeof PageQuery>;

export function filterOf(query: z.output<typeof FilterQuery>): StoryFilter {
  const facets: Partial<Record<FacetKind, string>> = {};
  for (const kind of FACET_KINDS) {
    const value = query[kind];
    if (value) facets[kind] = value;
  }
  return { facets, since: query.since ?? null, until: query.until ?? null };
}

/** The facet with an index to scan first; the others are checked on the stories found. */
export function primaryFacet(filter: StoryFilter): { kind: FacetKind; value: string } | null {
  for (const kind of FACET_KINDS) {
    const value = filter.facets[kind];
    if (value) return { kind, value };
  }
  return null;
}

export function matchesFacets(facets: StoryFacets | null, filter: StoryFilter): boolean {
  return FACET_KINDS.every((kind) => {
    const wanted = filter.facets[kind];
    return wanted === undefined || (facets !== null && facetValues(facets, kind).includes(wanted));
  });
}

function inRange(at: number, filter: StoryFilter): boolean {
  return (filter.since === null || at >= filter.since) && (filter.until === null || at <= filter.until);
}

export function matchesStory(story: Story, filter: StoryFilter): boolean {
  return inRange(story.article.versioncreated, filter) && matchesFacets(story.facets, filter);
}

/** Feed and stream entries are filtered on the update time and the facets of the story they concern. */
export function matchesUpdate(entry: { update: { occurredAt: number }; facets: StoryFacets | null }, filter: StoryFilter): boolean {
  return inRange(entry.update.occurredAt, filter) && matchesFacets(entry.facets, filter);
}

export function isEmptyFilter(filter: StoryFilter): boolean {
  return Object.keys(filter.facets).length === 0 && filter.since === null && filter.until === null;
}
