import type { StoryEventPayloads, StoryEventType } from '../../../services/domain/story/story-events.ts';
import { articleRef } from '../../../services/domain/story/article-facts.ts';
import type { Enrichment } from '../../../services/contracts/types.generated.ts';
import { NOW, anArticle, anEvidence } from '../domain/story-fixtures.ts';

const article = anArticle({
  embargoed: NOW + 1000,
  located: { text: 'MIAMI (AP) —', city: 'Miami', country: 'US', date: '2024-05-01', source: 'AP' },
  subjects: [{ name: 'weather', uri: 'medtop:17000000', rel: null, literal: null, confidence: 0.9 }],
  signals: ['UPDATE'],
});
const item = articleRef(article);

export const FULL_ENRICHMENT: Enrichment = {
  language: 'en',
  dateline: { text: 'MIAMI (AP) —', city: 'Miami', country: 'US', date: '2024-05-01', source: 'AP' },
  entities: [
    { kind: 'PERSON', canonicalName: 'Ron DeSantis', aliases: ['DeSantis', 'Gov. Ron DeSantis'], mentions: 3, offsets: [{ start: 10, end: 22 }], uri: 'http://www.wikidata.org/entity/Q1969152', confidence: 0.97 },
    { kind: 'ORGANISATION', canonicalName: 'National Hurricane Center', aliases: ['NHC'], mentions: 2, offsets: [], uri: null, confidence: null },
    { kind: 'PLACE', canonicalName: 'Miami', aliases: [], mentions: 1, offsets: [{ start: 0, end: 5 }], uri: null, confidence: null },
  ],
  places: [{ name: 'Miami', uri: 'https://sws.geonames.org/4164138/', rel: 'dateline', countryCode: 'US', latitude: 25.77427, longitude: -80.19366 }],
  quotes: [{ text: 'We are ready.', speaker: 'Ron DeSantis', span: { start: 40, end: 53 } }],
  keywords: ['hurricane', 'florida'],
  summary: 'A hurricane made landfall near Miami.',
  subjects: [{ code: 'medtop:06000000', label: 'environment', confidence: 0.8 }],
  sentenceCount: 12,
  paragraphCount: 5,
  sentences: [{ start: 0, end: 42 }],
  paragraphs: [{ start: 0, end: 120 }],
};

/** One sample per event type; the `satisfies` makes a new event type without a sample a compile error. */
export const SAMPLE_PAYLOADS = {
  ArticleReceived: { signalId: 's1', routing: 'NEAR_DUPLICATE', item, submissionId: 'sub-1' },
  StoryOpened: { signalId: 's1', item },
  VersionAccepted: { signalId: 's1', article, supersedesProviderVersion: 1 },
  StaleVersionRejected: { signalId: 's1', item, latestProviderVersion: 3 },
  DuplicateSuppressed: { signalId: 's1', item, duplicateOf: { ...item, providerId: 'reuters' }, evidence: null },
  RelatedItemJoined: { signalId: 's1', relation: 'SAME_EVENT', article, evidence: { ...anEvidence(), matchedItem: item } },
  RelatedItemWithdrawn: { signalId: 's1', item, reason: 'REGROUPED', movedTo: 'story-2' },
  VersionEnriched: { signalId: 's1', providerVersion: 1, contentHash: 'h', enricherVersion: 'nlp@1', enrichment: FULL_ENRICHMENT },
  CorrectionAccepted: { signalId: 's1', article, correctsProviderVersion: null },
  StoryKilled: { signalId: 's1', cause: 'MERGED', requestedBy: 'router', reason: 'merged into story-2', item, mergedInto: 'story-2' },
  EmbargoHeld: { signalId: 's1', article, embargoedUntil: NOW + 1000 },
  EmbargoReleased: { signalId: 's1', providerVersion: 1, embargoedUntil: NOW + 1000, releasedAt: NOW + 1000 },
  VersionPublished: { signalId: 's1', item, publishedAt: NOW },
  CommandRejected: { signalId: 's1', command: 'SubmitArticle', reason: 'STORY_KILLED', item: null },
} satisfies { [K in StoryEventType]: StoryEventPayloads[K] };
