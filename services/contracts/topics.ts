import type { DeadLetter, Story, StoryUpdate, Submission } from './types.generated.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';

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

/** The topics with their base names: what the README documents and every environment prefixes. */
export const TOPIC_SPECS = {
  submissions: {
    name: 'wire.submissions.v1',
    key: 'providerId:providerItemId',
    valueSchema: 'storyline.v1.Submission',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: FOREVER,
    description: 'Every accepted submission: the raw bytes as received and the article parsed from them',
  } satisfies TopicSpec<Submission>,
  storyEvents: {
    name: 'story.events.v1',
    key: 'storyId',
    valueSchema: 'storyline.v1.StoryEvent',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: FOREVER,
    description: "The event log, source of truth: one story's events totally ordered by sequence",
  } satisfies TopicSpec<AvroStoryEvent>,
  stories: {
    name: 'stories.v1',
    key: 'storyId',
    valueSchema: 'storyline.v1.Story',
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: FOREVER,
    description: 'Public: the latest published state of each story; a null value (tombstone) when the story is killed',
  } satisfies TopicSpec<Story>,
  storyUpdates: {
    name: 'story-updates.v1',
    key: 'storyId',
    valueSchema: 'storyline.v1.StoryUpdate',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: FOREVER,
    description: 'Public: every published change of a story with its reason and what changed; routing facts in the headers',
  } satisfies TopicSpec<StoryUpdate>,
} as const;

type TopicKey = keyof typeof TOPIC_SPECS;
export type TopicOf<K extends TopicKey> = (typeof TOPIC_SPECS)[K];

/**
 * The names one environment uses on a shared cluster. `STORYLINE_ENV` (the prefix `<env>.`) lets
 * environments, test runs and blue/green replays share one cluster: every topic, consumer group and
 * transactional id is prefixed. Built by the composition root from its configuration and passed
 * down: nothing reads the environment at import.
 */
export interface TopicCatalogue {
  readonly prefix: string;
  readonly submissions: TopicOf<'submissions'>;
  readonly storyEvents: TopicOf<'storyEvents'>;
  readonly stories: TopicOf<'stories'>;
  readonly storyUpdates: TopicOf<'storyUpdates'>;
  /** Every topic of the pipeline (not the dead-letter topics). */
  all(): readonly TopicSpec<unknown>[];
  /** The dead-letter topic of a consumer: `dlq.<consumer>.v1`. */
  deadLetter(consumer: string): TopicSpec<DeadLetter>;
  /** A consumer group or transactional id in this environment. */
  group(name: string): string;
}

export function topicCatalogue(prefix: string): TopicCatalogue {
  const prefixed = <K extends TopicKey>(key: K): TopicOf<K> => ({ ...TOPIC_SPECS[key], name: `${prefix}${TOPIC_SPECS[key].name}` });
  const topics = {
    submissions: prefixed('submissions'),
    storyEvents: prefixed('storyEvents'),
    stories: prefixed('stories'),
    storyUpdates: prefixed('storyUpdates'),
  };
  return {
    prefix,
    ...topics,
    all: () => Object.values(topics),
    deadLetter: (consumer) => ({
      name: `${prefix}dlq.${consumer}.v1`,
      key: 'source topic/partition/offset',
      valueSchema: 'storyline.v1.DeadLetter',
      partitions: 1,
      cleanupPolicy: 'delete',
      retentionMs: 4 * WEEK,
      description: `Messages the ${consumer} consumer could not process, with the cause and the original bytes`,
    }),
    group: (name) => `${prefix}${name}`,
  };
}
