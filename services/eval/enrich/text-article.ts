import type { Article } from '../../contracts/types.generated.ts';
import { noDescriptiveMetadata } from '../../contracts/article-metadata.ts';

/** A minimal article around a plain-text body, for enrichment tests. */
export function plainArticle(body: string, options: { headline?: string; versioncreated?: number } = {}): Article {
  return {
    uri: 'urn:storyline:test:1',
    version: '1',
    versioncreated: options.versioncreated ?? Date.UTC(2022, 0, 22, 12),
    firstcreated: null,
    pubstatus: 'usable',
    type: 'text',
    language: null,
    headlines: options.headline ? [{ role: 'main', contenttype: 'text/plain', value: options.headline }] : [],
    bodies: [{ role: 'main', contenttype: 'text/plain', charcount: body.length, wordcount: null, value: body }],
    ...noDescriptiveMetadata(),
    provider: { id: 'test', name: null, credit: null },
    providerItemId: 'test-1',
    providerVersion: 1,
    signals: [],
    lineage: { replacesItemId: null, evolvesFromItemId: null },
    contentHash: '0'.repeat(64),
    raw: { submissionId: 'sub-1', format: 'PLAIN_TEXT', contentType: 'text/plain', sha256: '0'.repeat(64), size: body.length },
  };
}
