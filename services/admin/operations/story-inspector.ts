import type { Client } from '@temporalio/client';
import type { Admin, Kafka } from 'kafkajs';
import type { AvroCodec } from '../../contracts/avro-codec.ts';
import type { TopicCatalogue } from '../../contracts/topics.ts';
import type { Story } from '../../contracts/types.generated.ts';
import type { RecordedStoryEvent } from '../../domain/story/index.ts';
import type { StoryReadModel } from '../../publish/story-read-model.ts';
import { activePrefix } from '../../publish/active-projection.ts';
import type { Redis } from 'ioredis';
import { storyStateQuery, storyWorkflowId } from '../../../workflows/story/story-signals.ts';
import { partitionForKey } from '../kafka/key-partition.ts';
import { partitionBounds } from '../kafka/topic-positions.ts';
import { readRanges, type RangeRecord } from '../kafka/topic-range-reader.ts';
import { diffVersions, historyEntry, type HistoryEntry, type VersionDiff } from './story-history.ts';

export interface StoryInspection {
  readonly storyId: string;
  readonly history: readonly HistoryEntry[];
  readonly log: { readonly topic: string; readonly partition: number; readonly events: number; readonly lastSequence: number };
  readonly readModel: { readonly prefix: string; readonly status: string; readonly sequence: number; readonly offset: string; readonly story: Story | null; readonly versions: readonly number[] } | null;
  readonly storiesTopic: { readonly partition: number; readonly offset: string; readonly tombstone: boolean; readonly version: number | null } | null;
  readonly workflow: { readonly workflowId: string; readonly status: string; readonly state: unknown } | { readonly workflowId: string; readonly error: string };
  readonly diff: VersionDiff | null;
}

export interface StoryInspectorDeps {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly redis: Redis;
  readonly topics: TopicCatalogue;
  readonly read: StoryReadModel;
  readonly decodeEvent: (bytes: Buffer) => Promise<RecordedStoryEvent>;
  readonly storyCodec: AvroCodec<Story>;
  readonly temporal: () => Promise<Client>;
  /** The environment's prefix of story workflow ids (`<env>.` or ''). */
  readonly environmentPrefix: string;
}

export class VersionNotFoundError extends Error {
  readonly code = 'version_not_found';
}

/** Every record of one key on its partition (the whole partition is read: bounded by the log's size). */
async function recordsOfKey(deps: StoryInspectorDeps, topic: string, key: string): Promise<{ partition: number; records: RangeRecord[] }> {
  const bounds = await partitionBounds(deps.admin, topic);
  const partition = partitionForKey(topic, key, bounds.length);
  const b = bounds.find((x) => x.partition === partition)!;
  const records: RangeRecord[] = [];
  await readRanges(deps.kafka, topic, [{ partition, from: b.low, to: b.high }], (batch) => {
    for (const r of batch) if (r.key?.toString() === key) records.push(r);
    return Promise.resolve('more' as const);
  }, { groupPrefix: deps.topics.prefix, idleMs: 5_000 });
  return { partition, records };
}

/** Where one story stands everywhere: its log with each decision's evidence, the read model, stories.v1 and its workflow. */
export async function inspectStory(deps: StoryInspectorDeps, storyId: string, diff: readonly [number, number] | null): Promise<StoryInspection | null> {
  const [events, published] = await Promise.all([recordsOfKey(deps, deps.topics.storyEvents.name, storyId), recordsOfKey(deps, deps.topics.stories.name, storyId)]);
  const decoded = new Map<number, RecordedStoryEvent>();
  for (const record of events.records) {
    const event = await deps.decodeEvent(record.value ?? Buffer.alloc(0));
    if (!decoded.has(event.sequence)) decoded.set(event.sequence, event);
  }
  if (decoded.size === 0) return null;
  const ordered = [...decoded.values()].sort((a, b) => a.sequence - b.sequence);
  const prefix = await activePrefix(deps.redis);
  const hash = await deps.redis.hgetall(`${prefix}story:{s:${storyId}}`);
  const versions = await deps.read.versions(storyId);
  let versionDiff: VersionDiff | null = null;
  if (diff) {
    const [from, to] = diff.map((v) => versions.find((x) => x.version === v));
    if (!from || !to) throw new VersionNotFoundError(`story ${storyId} has published versions ${versions.map((v) => v.version).join(', ') || 'none'}; asked for ${diff.join(' and ')}`);
    versionDiff = diffVersions(from, to);
  }
  const last = published.records.at(-1);
  return {
    storyId,
    history: ordered.map(historyEntry),
    log: { topic: deps.topics.storyEvents.name, partition: events.partition, events: events.records.length, lastSequence: ordered.at(-1)!.sequence },
    readModel: hash.seq
      ? { prefix, status: hash.status ?? 'unknown', sequence: Number(hash.seq), offset: hash.offset ?? '', story: hash.story ? (JSON.parse(hash.story) as Story) : null, versions: versions.map((v) => v.version) }
      : null,
    storiesTopic: last
      ? { partition: published.partition, offset: last.offset, tombstone: last.value === null, version: last.value === null ? null : (await deps.storyCodec.decode(last.value)).article.providerVersion }
      : null,
    workflow: await workflowOf(deps, storyId),
    diff: versionDiff,
  };
}

async function workflowOf(deps: StoryInspectorDeps, storyId: string): Promise<StoryInspection['workflow']> {
  const workflowId = storyWorkflowId(storyId, deps.environmentPrefix);
  try {
    const handle = (await deps.temporal()).workflow.getHandle(workflowId);
    const description = await handle.describe();
    const state = description.status.name === 'RUNNING' ? await handle.query(storyStateQuery).catch((error: unknown) => ({ queryFailed: String(error) })) : null;
    return { workflowId, status: description.status.name, state };
  } catch (error) {
    return { workflowId, error: error instanceof Error ? error.message : String(error) };
  }
}
