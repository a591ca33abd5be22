import type { CandidateIndex, CandidateLookup } from './candidate-index.ts';
import type { DedupeArticle, Fingerprint, ItemRef } from './fingerprint.ts';
import { fingerprintArticle } from './fingerprint.ts';
import { hash128Hex } from './hashing.ts';
import type { DedupeDecision } from './match-policy.ts';
import { classify } from './match-policy.ts';

export interface Route {
  /** the story the article belongs to: an existing one, or the one it opens */
  storyId: string;
  decision: DedupeDecision;
}

export interface RoutedArticle extends Route {
  fingerprint: Fingerprint;
}

/** Derived from the first item of a story, so a replay or a redelivery opens the same story. */
export function storyIdFor(item: Pick<ItemRef, 'providerId' | 'providerItemId'>): string {
  return `st-${hash128Hex(`${item.providerId}\u0000${item.providerItemId}`).slice(0, 24)}`;
}

/** The pure routing step: a fingerprint and what the index returned for it → the decision. */
export function routeFingerprint(fp: Fingerprint, lookup: CandidateLookup): Route {
  const decision = classify(fp, lookup.candidates, { stats: lookup.stats, stories: lookup.stories });
  switch (decision.kind) {
    case 'new-story':
      return { storyId: storyIdFor(fp.item), decision };
    case 'same-item':
    case 'exact-duplicate':
    case 'near-duplicate':
    case 'same-event':
      return { storyId: decision.storyId, decision };
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}

/**
 * Fingerprint → lookup → classify → index. The production router and the evaluation both call this,
 * so the evaluation measures the production logic. Items are indexed whatever the decision: an
 * exact duplicate's item id must still find its story when the provider later updates it.
 */
export async function routeArticle(article: DedupeArticle, index: CandidateIndex): Promise<RoutedArticle> {
  const fingerprint = fingerprintArticle(article);
  const route = routeFingerprint(fingerprint, await index.lookup(fingerprint));
  await index.add(route.storyId, fingerprint);
  return { ...route, fingerprint };
}
