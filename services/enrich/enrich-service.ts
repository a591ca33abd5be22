import { codecFor } from '../contracts/avro-codec.ts';
import type { Article } from '../contracts/types.generated.ts';
import { fromAvroStoryEvent, type AvroStoryEvent, type RecordedStoryEvent } from '../domain/story/index.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { startServiceConsumer } from '../shared/platform/service-consumer.ts';
import { poison } from '../shared/errors.ts';
import { StoryClient } from '../../workflows/story/story-client.ts';
import { createEnricher, ENRICHER_VERSION, type ArticleEnricher } from './enrich-article.ts';
import { loadEnrichmentModels } from './load-models.ts';

export const ENRICH_CONSUMER: ConsumerDeclaration = {
  name: 'enrich',
  input: (topics) => topics.storyEvents.name,
  description: 'enriches each accepted version and signals the enrichment back to its story',
};

/** The article an event asks to enrich: every version that is or will be published, held ones included. */
export function articleToEnrich(event: RecordedStoryEvent): Article | undefined {
  switch (event.type) {
    case 'VersionAccepted':
    case 'CorrectionAccepted':
    case 'EmbargoHeld':
      return event.payload.article;
    case 'ArticleReceived':
    case 'StoryOpened':
    case 'StaleVersionRejected':
    case 'DuplicateSuppressed':
    case 'RelatedItemJoined':
    case 'RelatedItemWithdrawn':
    case 'VersionEnriched':
    case 'StoryKilled':
    case 'EmbargoReleased':
    case 'VersionPublished':
    case 'CommandRejected':
      return undefined;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export interface EnrichHandler {
  handle(event: RecordedStoryEvent): Promise<boolean>;
}

/**
 * Enrichment results go back to the story's workflow, which appends VersionEnriched: the workflow
 * owns the story's sequence. The signal id names the event and the enricher version, so a
 * redelivered event, or a re-run with the same enricher, records nothing new.
 */
export function createEnrichHandler(enrich: ArticleEnricher, stories: Pick<StoryClient, 'recordEnrichment'>): EnrichHandler {
  return {
    async handle(event) {
      const article = articleToEnrich(event);
      if (!article) return false;
      let enrichment;
      try {
        enrichment = enrich(article);
      } catch (error) {
        throw poison('enrichment_failed', `could not enrich ${article.uri} v${article.providerVersion}`, error);
      }
      await stories.recordEnrichment(event.storyId, {
        type: 'RecordEnrichment',
        signalId: `enrich:${event.eventId}:${ENRICHER_VERSION}`,
        providerVersion: article.providerVersion,
        enricherVersion: ENRICHER_VERSION,
        enrichment,
      });
      return true;
    },
  };
}

export async function startEnrichService(platform: Platform): Promise<{ stop(): Promise<void> }> {
  const logger = platform.logger.child({ component: 'enrich' });
  const stories = await StoryClient.forEnvironment(platform.config, { tracing: platform.tracing.enabled });
  const handler = createEnrichHandler(createEnricher(loadEnrichmentModels()), stories);
  const events = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
  const consumer = await startServiceConsumer(platform, ENRICH_CONSUMER, {
    decode: async (bytes) => fromAvroStoryEvent(await events.decode(bytes)),
    handle: async ({ value, partition, offset }) => {
      if (await handler.handle(value)) logger.info({ storyId: value.storyId, eventId: value.eventId, partition, offset }, 'version enriched');
    },
  });
  return {
    async stop() {
      await consumer.stop();
      await stories.close();
    },
  };
}
