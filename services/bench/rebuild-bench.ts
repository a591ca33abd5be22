import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { AvroCodec } from '../contracts/avro-codec.ts';
import type { Article } from '../contracts/types.generated.ts';
import { decide, evolve, initialState, recordStoryEvents, toAvroStoryEvent, type AvroStoryEvent, type RecordedStoryEvent, type StoryCommand, type StoryState } from '../domain/story/index.ts';
import type { RangeRecord } from '../admin/kafka/topic-range-reader.ts';
import { projectionKeys } from '../publish/index-keys.ts';
import { RedisProjection } from '../publish/redis-projection.ts';
import { storyEventDecoder } from '../publish/story-event-decoder.ts';
import { unlinkMatching } from '../shared/redis/unlink-matching.ts';
import { RECORD_COMPRESSION } from '../shared/kafka/message-limits.ts';
import { ensureTopics } from '../shared/kafka/topic-admin.ts';
import { readSpan } from '../../workflows/operations/read-span.ts';
import { rebuildSpan } from '../../workflows/operations/rebuild-span.ts';
import { median, type BenchRow } from './measure.ts';

const T0 = Date.UTC(2026, 11, 1);

/**
 * A story's life as the workflow decides it (the pure `decide` and `evolve`): the first version, an
 * update, a correction every third story (each edits the body), a kill every tenth. Real articles from the sample copy, renamed per story.
 */
export function generateStoryEvents(articles: readonly Article[], stories: number): RecordedStoryEvent[] {
  const events: RecordedStoryEvent[] = [];
  for (let i = 0; i < stories; i++) {
    const storyId = `bench-${i}`;
    const base = articles[i % articles.length]!;
    // Each version edits the copy as a write-thru does: a paragraph added at the end, then the second one reworded.
    const body = (v: number) => {
      const paragraphs = (base.bodies[0]?.value ?? '').split('\n\n');
      if (v >= 2) paragraphs.push(`Story ${i} was updated with more detail from the scene.`);
      if (v >= 3 && paragraphs.length > 1) paragraphs[1] = `${paragraphs[1]} (corrected)`;
      return paragraphs.join('\n\n');
    };
    const version = (v: number, fields: Partial<Article> = {}): Article => {
      const value = body(v);
      return { ...base, providerItemId: `item-${i}`, providerVersion: v, contentHash: `h-${i}-${v}`, versioncreated: T0 + i * 1000 + v, bodies: base.bodies.map((b, n) => (n === 0 ? { ...b, value, charcount: value.length } : b)), ...fields };
    };
    const commands: StoryCommand[] = [
      { type: 'SubmitArticle', signalId: `s${i}-1`, article: version(1), routing: { kind: 'new-story' } },
      { type: 'SubmitArticle', signalId: `s${i}-2`, article: version(2), routing: { kind: 'same-item' } },
      ...(i % 3 === 0 ? [{ type: 'SubmitArticle' as const, signalId: `s${i}-3`, article: version(3, { signals: ['CORRECTION'] }), routing: { kind: 'same-item' as const } }] : []),
      ...(i % 10 === 0 ? [{ type: 'Kill' as const, signalId: `s${i}-k`, requestedBy: 'bench', reason: 'bench' }] : []),
    ];
    let state: StoryState = initialState();
    for (const [n, command] of commands.entries()) {
      const recorded = recordStoryEvents(decide(command, state, T0 + n), { storyId, afterSequence: state.lastSequence, occurredAt: T0 + n, recordedAt: T0 + n, causationId: command.signalId, correlationId: null, producer: 'bench' });
      for (const event of recorded) state = evolve(state, event);
      events.push(...recorded);
    }
  }
  return events;
}

/** Every key under a projection prefix with its content, the prefix cut off (in names and values): two prefixes with equal dumps hold the same read model. */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  for (const pattern of projectionKeys(prefix).patterns) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value = type === 'hash' ? JSON.stringify(Object.entries(await redis.hgetall(key)).sort()) : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')) : type;
        // Index key names inside the story hash carry the prefix too.
        dump.set(key.slice(prefix.length), value.replaceAll(prefix, '<prefix>'));
      }
    } while (cursor !== '0');
  }
  return dump;
}

/** The first key whose content differs between two dumps, null when they are identical. */
export function firstDifference(a: Map<string, string>, b: Map<string, string>): string | null {
  for (const key of new Set([...a.keys(), ...b.keys()])) if (a.get(key) !== b.get(key)) return `${key}: ${a.get(key)?.slice(0, 400) ?? 'absent'} vs ${b.get(key)?.slice(0, 400) ?? 'absent'}`;
  return null;
}

export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  for (const pattern of projectionKeys(prefix).patterns) await unlinkMatching(redis, pattern);
}

export interface RebuildBenchDeps {
  readonly kafka: Kafka;
  readonly redis: Redis;
  /** The story event codec, registered under a subject of the benchmark's own (one for every run). */
  readonly codec: () => Promise<AvroCodec<AvroStoryEvent>>;
  readonly groupPrefix: string;
  readonly topicPrefix: string;
}

/**
 * The projection rebuild (the rebuild activity's own code: read a span of story.events.v1, fold each
 * consumed batch into a fresh prefix) against reading the same span with nothing applied, and against
 * the projection applied event by event (as the live consumer does, and the rebuild did before it
 * folded batches). Checks that the batched and the event-by-event read models are identical key by key.
 */
export async function rebuildBench(deps: RebuildBenchDeps, articles: readonly Article[], options: { stories: number; runs: number }): Promise<BenchRow[]> {
  const topic = `${deps.topicPrefix}bench.rebuild.${randomBytes(3).toString('hex')}`;
  const admin = deps.kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ name: topic, partitions: 3, cleanupPolicy: 'delete', retentionMs: 3600_000 }]);
  const codec = await deps.codec();
  const events = generateStoryEvents(articles, options.stories);
  const producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < events.length; i += 1000) {
    await producer.send({ topic, acks: -1, compression: RECORD_COMPRESSION, messages: events.slice(i, i + 1000).map((e) => ({ key: e.storyId, value: codec.encode(toAvroStoryEvent(e)) })) });
  }
  await producer.disconnect();
  const offsets = await admin.fetchTopicOffsets(topic);
  const start = Object.fromEntries(offsets.map((o) => [o.partition, o.low]));
  const end = Object.fromEntries(offsets.map((o) => [o.partition, o.high]));
  const decode = storyEventDecoder(codec);
  const span = { positions: start, end, maxEvents: Number.MAX_SAFE_INTEGER };
  const rate = async (work: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    await work();
    return events.length / (Number(process.hrtime.bigint() - t) / 1e9);
  };
  const batched: number[] = [];
  const perEvent: number[] = [];
  const plain: number[] = [];
  let difference: string | null = null;
  try {
    for (let r = 0; r < options.runs; r++) {
      const prefix = `sl:pbench-${randomBytes(3).toString('hex')}:`;
      const reference = `sl:pbench-${randomBytes(3).toString('hex')}:`;
      plain.push(await rate(() => readSpan(deps.kafka, topic, { ...span, maxRecords: span.maxEvents, groupPrefix: deps.groupPrefix }, () => Promise.resolve(), () => undefined)));
      batched.push(await rate(() => rebuildSpan({ kafka: deps.kafka, redis: deps.redis, topic, groupPrefix: deps.groupPrefix, decode }, { prefix, ...span }, () => undefined)));
      const oneByOne = new RedisProjection(deps.redis, { target: { kind: 'fixed', prefix: reference }, appendFeed: false });
      perEvent.push(
        await rate(() =>
          readSpan(deps.kafka, topic, { ...span, maxRecords: span.maxEvents, groupPrefix: deps.groupPrefix }, async (records) => {
            const byStory = new Map<string, RangeRecord[]>();
            for (const record of records) byStory.set(record.key?.toString() ?? '', [...(byStory.get(record.key?.toString() ?? '') ?? []), record]);
            await Promise.all([...byStory.values()].map(async (story) => {
              for (const record of story) await oneByOne.apply(await decode(record.value ?? Buffer.alloc(0)), { partition: record.partition, offset: record.offset });
            }));
          }, () => undefined),
        ),
      );
      difference ??= firstDifference(await dumpPrefix(deps.redis, prefix), await dumpPrefix(deps.redis, reference));
      await dropPrefix(deps.redis, prefix);
      await dropPrefix(deps.redis, reference);
    }
  } finally {
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  }
  if (difference) throw new Error(`the batched rebuild left a read model different from the event-by-event projection: ${difference}`);
  const note = `${events.length.toLocaleString('en-US')} events of ${options.stories.toLocaleString('en-US')} generated stories (decided by the domain), 3 partitions, ${options.runs} runs; batched and event-by-event read models identical key by key`;
  return [
    { name: 'projection rebuild from story.events', ours: { label: 'rebuild (batched fold)', value: median(batched) }, baseline: { label: 'same read, nothing applied', value: median(plain) }, unit: 'events/s', note },
    { name: 'projection apply, batched vs one by one', ours: { label: 'rebuild (batched fold)', value: median(batched) }, baseline: { label: 'apply() per event', value: median(perEvent) }, unit: 'events/s' },
  ];
}
