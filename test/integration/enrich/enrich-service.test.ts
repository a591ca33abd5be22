import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enrichment } from '../../../services/contracts/types.generated.ts';
import { startEnrichService } from '../../../services/enrich/enrich-service.ts';
import { ENRICHER_VERSION } from '../../../services/enrich/enrich-article.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { StoryClient } from '../../../workflows/story/story-client.ts';
import { startStoryWorker, type RunningWorker } from '../../../workflows/worker.ts';
import { seedArticle } from '../../support/articles.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { storyEvents } from '../../support/story-events.ts';

const taskQueue = runId('enrich-stories');
let platform: Platform;
let worker: RunningWorker;
let enrich: { stop(): Promise<void> };
let stories: StoryClient;

describe('enrichment service (real Kafka, Temporal, registry)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    worker = await startStoryWorker(platform, taskQueue);
    enrich = await startEnrichService(platform);
    stories = await StoryClient.connect(platform.config.temporal.address, platform.config.temporal.namespace, taskQueue, { environmentPrefix: platform.config.kafkaPrefix });
  });
  afterAll(async () => {
    await stories?.close();
    await enrich?.stop();
    await worker?.stop();
    await platform?.close();
  });

  it('turns an accepted version in the log into a VersionEnriched event of that story, once', async () => {
    const storyId = runId('st');
    await stories.submit(storyId, { type: 'SubmitArticle', signalId: 'e1', article: seedArticle('wire-a', runId('item')), routing: { kind: 'new-story' } });
    const events = await storyEvents(platform, storyId, (es) => es.some((e) => e.type === 'VersionEnriched'), { lingerMs: 3000 });
    const enriched = events.filter((e) => e.type === 'VersionEnriched');
    expect(enriched).toHaveLength(1);
    const payload = enriched[0]!.payload as { providerVersion: number; enricherVersion: string; enrichment: Enrichment };
    expect(payload).toMatchObject({ providerVersion: 1, enricherVersion: ENRICHER_VERSION });
    expect(payload.enrichment.dateline).toMatchObject({ city: expect.stringMatching(/^geneva$/i), date: '2022-01-22' });
    const names = payload.enrichment.entities.map((e) => e.canonicalName);
    for (const name of ['Antony Blinken', 'Sergey Lavrov', 'Vladimir Putin', 'Joe Biden']) expect(names).toContain(name);
    expect(payload.enrichment.places.some((p) => p.countryCode === 'CH')).toBe(true);
    expect(payload.enrichment.subjects.length).toBeGreaterThan(0);
    expect(enriched[0]!.causationId).toMatch(/^enrich:/);
  });
});
