import { ENRICH_CONSUMER } from '../enrich/enrich-service.ts';
import { PROJECTION_CONSUMER } from '../publish/projection-consumer.ts';
import { PUBLISHER_CONSUMER } from '../publish/publish-service.ts';
import { ROUTER_CONSUMER } from '../router/router-service.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';

/** Every consumer the pipeline runs, as its services declare them: dead-letter topics, lag and dead-letter tooling read this one list. */
export const PIPELINE_CONSUMERS: readonly ConsumerDeclaration[] = [ROUTER_CONSUMER, ENRICH_CONSUMER, PROJECTION_CONSUMER, PUBLISHER_CONSUMER];
