import type { DedupeArticle } from './fingerprint.ts';

/** A plain-text article as the router sees it: made-up streams (benchmarks, tests) build theirs with it. */
export function plainDedupeArticle(provider: string, itemId: string, version: number, at: number, headline: string, body: string): DedupeArticle {
  return {
    headlines: [{ role: 'main', contenttype: 'text/plain', value: headline }],
    bodies: [{ role: 'main', contenttype: 'text/plain', charcount: body.length, wordcount: null, value: body }],
    provider: { id: provider, name: null, credit: null },
    providerItemId: itemId,
    providerVersion: version,
    versioncreated: at,
    located: null,
  };
}
