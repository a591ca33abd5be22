import type { Article, Enrichment, SimilarityEvidence } from '../../../services/contracts/types.generated.ts';
import { noDescriptiveMetadata } from '../../../services/contracts/article-metadata.ts';

export const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
export const HOUR = 3_600_000;

type ArticleOverrides = Partial<Omit<Article, 'provider'>> & { providerId?: string };

/** A plain AP item; every test states only what it cares about. */
export function anArticle(overrides: ArticleOverrides = {}): Article {
  const { providerId = 'ap', ...fields } = overrides;
  const providerItemId = fields.providerItemId ?? 'ap-item-1';
  const providerVersion = fields.providerVersion ?? 1;
  return {
    uri: `urn:${providerId}:${providerItemId}:${providerVersion}`,
    version: String(providerVersion),
    versioncreated: NOW - HOUR,
    firstcreated: NOW - 2 * HOUR,
    pubstatus: 'usable',
    type: 'text',
    language: 'en',
    headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Storm hits coast' }],
    bodies: [{ role: 'main', contenttype: 'text/plain', charcount: null, wordcount: null, value: 'A storm hit the coast on Tuesday.' }],
    ...noDescriptiveMetadata(),
    provider: { id: providerId, name: null, credit: null },
    providerItemId,
    providerVersion,
    signals: [],
    lineage: { replacesItemId: null, evolvesFromItemId: null },
    contentHash: `hash-${providerId}-${providerItemId}-${providerVersion}`,
    raw: { submissionId: `sub-${providerId}-${providerItemId}-${providerVersion}`, format: 'PLAIN_TEXT', contentType: 'text/plain', sha256: 'raw-sha', size: 100 },
    ...fields,
  };
}

export function anEvidence(total = 0.82): SimilarityEvidence {
  return {
    signals: [
      { name: 'minhash-jaccard', score: 0.78 },
      { name: 'entity-overlap', score: 0.9 },
    ],
    total,
    matchedItem: null,
  };
}

export function anEnrichment(overrides: Partial<Enrichment> = {}): Enrichment {
  return {
    language: 'en',
    dateline: null,
    entities: [],
    places: [],
    quotes: [],
    keywords: ['storm'],
    summary: 'A storm hit the coast.',
    subjects: [{ code: 'medtop:06000000', label: 'environment', confidence: 0.7 }],
    sentenceCount: 1,
    paragraphCount: 1,
    sentences: [{ start: 0, end: 22 }],
    paragraphs: [{ start: 0, end: 22 }],
    ...overrides,
  };
}
