import type { TopicCatalogue } from '../../contracts/topics.ts';
import type { ConsumerBinding } from '../kafka/consumer-runner.ts';

/**
 * What a service declares about each consumer it runs: the group (prefixed per environment), the
 * topic it reads and, from its name, its dead-letter topic `dlq.<name>.v1`. The composition root
 * collects every service's declarations into one registry; the platform creates their dead-letter
 * topics, and operator tooling lists groups and dead letters from the same registry.
 */
export interface ConsumerDeclaration {
  /** The group's base name, also the name of its dead-letter topic. */
  readonly name: string;
  /** The topic the consumer reads, from the environment's catalogue. */
  readonly input: (topics: TopicCatalogue) => string;
  readonly description: string;
}

export function resolveConsumer(declaration: ConsumerDeclaration, topics: TopicCatalogue): ConsumerBinding {
  return {
    name: declaration.name,
    groupId: topics.group(declaration.name),
    topic: declaration.input(topics),
    deadLetterTopic: topics.deadLetter(declaration.name).name,
  };
}
