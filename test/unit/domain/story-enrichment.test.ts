import { describe, expect, it } from 'vitest';
import type { RecordEnrichment } from '../../../services/domain/story/story-commands.ts';
import { storyEvent } from '../../../services/domain/story/story-events.ts';
import { openedWith, rejectedCommand } from './story-event-builders.ts';
import { anArticle, anEnrichment } from './story-fixtures.ts';
import { given } from './story-spec.ts';

const v1 = anArticle();
const enrichment = anEnrichment();
const enrich = (signalId: string, providerVersion = 1, enricherVersion = 'nlp@1'): RecordEnrichment => ({
  type: 'RecordEnrichment',
  signalId,
  providerVersion,
  enricherVersion,
  enrichment,
});
const enriched = (signalId: string, enricherVersion = 'nlp@1') =>
  storyEvent('VersionEnriched', { signalId, providerVersion: 1, contentHash: v1.contentHash, enricherVersion, enrichment });

describe('enrichment', () => {
  it('is recorded against the version it was computed for', () => {
    const { state } = given(openedWith('s1', v1)).when(enrich('e1')).then([enriched('e1')]);
    expect(state.status === 'open' && state.versions[0]?.enricherVersions).toEqual(['nlp@1']);
  });

  it('by the same enricher version again changes nothing; a new enricher version is recorded', () => {
    given([...openedWith('s1', v1), enriched('e1')]).when(enrich('e2')).thenNothing();
    given([...openedWith('s1', v1), enriched('e1')]).when(enrich('e3', 1, 'nlp@2')).then([enriched('e3', 'nlp@2')]);
  });

  it('for a version the story does not hold is rejected', () => {
    given(openedWith('s1', v1)).when(enrich('e1', 7)).then([rejectedCommand('e1', 'RecordEnrichment', 'UNKNOWN_VERSION', null)]);
    given([]).when(enrich('e1')).then([rejectedCommand('e1', 'RecordEnrichment', 'UNKNOWN_VERSION', null)]);
  });
});
