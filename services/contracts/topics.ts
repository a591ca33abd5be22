import type { DeadLetter, Story, StoryUpdate, Submission } from './types.generated.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';
import { loadConfig } from '../shared/config.ts';

/** `STORYLINE_ENV` lets environments share a cluster: every topic, group and transactional id is prefixed. */
export const KAFKA_PREFIX = loadConfig().kafkaPrefix;

export function consumerGroup(name: string): string {
  return `${KAFKA_PREFIX}${name}`;
}

/**
 * The topic catalogue: every topic's name, key, value schema, partitions and retention in one place.
 * Keys are UTF-8 strings; values are Avro in the Confluent framing (magic byte + schema id), the
 * value schema registered under the subject `<topic>-value` (TopicNameStrategy).
 */
export interface TopicSpec<V> {
  readonly name: string;
  readonly key: string;
  /** Full name of the value's Avro record (schemas/<name>.avsc). */
  readonly valueSchema: string;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  /** -1 keeps every record: the log is the source of truth and replays start from its beginning. */
  readonly retentionMs: number;
  readonly description: string;
  /** Phantom: binds the topic to its TypeScript value type. */
  readonly _value?: V;
}

const FOREVER = -1;
const WEEK = 7 * 24 * 3600 * 1000;

export const TOPICS = {
  submissions: {
    name: `${KAFKA_PREFIX}wire.submissions.v1`,
    key: 'providerId:providerItemId',
    valueSchema: 'storyline.v1.Submission',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: FOREVER,
    description: 'Every accepted submission: the raw bytes as received and the article parsed from them',
  } satisfies TopicSpec<Submission>,
  storyEvents: {
    name: `${KAFKA_PREFIX}story.events.v1`,
    key: 'storyId',
    valueSchema: 'storyline.v1.StoryEvent',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: FOREVER,
    description: "The event log, source of truth: one story's events totally ordered by sequence",
  } satisfies TopicSpec<AvroStoryEvent>,
  stories: {
    name: `${KAFKA_PREFIX}stories.v1`,
    key: 'storyId',
    valueSchema: 'storyline.v1.Story',
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: FOREVER,
    description: 'Public: the latest published state of each story; a null value (tombstone) when the story is killed',
  } satisfies TopicSpec<Story>,
  storyUpdates: {
    name: `${KAFKA_PREFIX}story-updates.v1`,
    key: 'storyId',
    valueSchema: 'storyline.v1.StoryUpdate',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: FOREVER,
    description: 'Public: every published change of a story with its reason and what changed; routing facts in the headers',
  } satisfies TopicSpec<StoryUpdate>,
} as const;

export function deadLetterTopic(consumer: string): TopicSpec<DeadLetter> {
  return {
    name: `${KAFKA_PREFIX}dlq.${consumer}.v1`,
    key: 'source topic/partition/offset',
    valueSchema: 'storyline.v1.DeadLetter',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 4 * WEEK,
    description: `Messages the ${consumer} consumer could not process, with the cause and the original bytes`,
  };
}

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];
