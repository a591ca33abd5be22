import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, KafkaMessage, Producer } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { codecFor, type AvroCodec } from '../../../services/contracts/avro-codec.ts';
import type { Story, StoryUpdate } from '../../../services/contracts/types.generated.ts';
import { storyEvent, type AvroStoryEvent, type RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { startApiService, type ApiService } from '../../../services/api/api-service.ts';
import { createStorylineConsumer, headerHas, type PublicRecord } from '../../../services/consumer/storyline-consumer.ts';
import { idempotent, memoryProcessedStore } from '../../../services/consumer/idempotent-handler.ts';
import { startPublishService, type PublishService } from '../../../services/publish/publish-service.ts';
import { FeedLog } from '../../../services/publish/feed-log.ts';
import { FEED_START } from '../../../services/publish/feed-position.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { accepted, killedBy, openedWith, published, received, updatedWith } from '../../unit/domain/story-event-builders.ts';
import { anEnrichment } from '../../unit/domain/story-fixtures.ts';
import { testPlatform } from '../../support/platform.ts';
import { header, readUntil } from '../../support/topic-reader.ts';
import { liveProjectionKeys } from '../../support/live-projection.ts';
import { runId } from '../../support/run-id.ts';
import { StoryLog, article, eventually, principalsWithWriterOnly } from './support.ts';

const provider = runId('prov');
let platform: Platform;
let publish: PublishService;
let api: ApiService;
let producer: Producer;
let admin: Admin;
let codec: AvroCodec<AvroStoryEvent>;
let readerKey: string;
let writerOnlyKey: string;
const stock = () => new SchemaRegistry({ host: platform.config.registry.url });

const geneva = [{ name: 'Geneva', uri: null, rel: null, countryCode: 'CH', latitude: null, longitude: null }];
const body = (...paragraphs: string[]) => [{ role: 'main', contenttype: 'text/plain', charcount: null, wordcount: null, value: paragraphs.join('\n\n') }];
const enriched = (signalId: string, providerVersion: number, contentHash: string) =>
  storyEvent('VersionEnriched', {
    signalId,
    providerVersion,
    contentHash,
    enricherVersion: 'nlp@test',
    enrichment: anEnrichment({ entities: [{ kind: 'ORGANISATION', canonicalName: 'United Nations', aliases: ['UN'], mentions: 2, offsets: [], uri: null, confidence: 0.9 }] }),
  });

type Item = { id: string; storyId: string; reason: string } & Record<string, unknown>;
interface Body {
  readonly items: Item[];
  readonly next: string;
  readonly code: string;
  readonly [field: string]: unknown;
}

async function get(path: string, key: string | null = readerKey, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Body };
}

async function storyHash(storyId: string) {
  return platform.redis.hgetall((await liveProjectionKeys(platform.redis)).story(storyId));
}

function newLog(): StoryLog {
  return new StoryLog(runId('story'), producer, codec, platform.topics.storyEvents.name);
}

async function projected(log: StoryLog, sequence: number) {
  return eventually(async () => {
    const hash = await storyHash(log.storyId);
    return Number(hash.seq) >= sequence && !hash.pending ? hash : null;
  }, `${log.storyId} projected through ${sequence}`);
}

async function groupCommitted(group: string, at: { partition: number; offset: string }) {
  await eventually(async () => {
    const [topic] = await admin.fetchOffsets({ groupId: platform.topics.group(group), topics: [platform.topics.storyEvents.name] });
    const partition = topic?.partitions.find((p) => p.partition === at.partition);
    return partition && BigInt(partition.offset) > BigInt(at.offset);
  }, `${group} past ${at.partition}/${at.offset}`);
}

const forStory = (storyId: string) => (m: KafkaMessage) => m.key?.toString() === storyId;

describe('publish side (real Kafka, registry, Redis)', () => {
  const story = { log: null as unknown as StoryLog, events: [] as RecordedStoryEvent[] };
  const v1 = article(provider, 'item-1', 1, { places: geneva, headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Talks open in Geneva' }], bodies: body('Talks opened in Geneva on Monday.', 'Delegates arrived.') });
  const v2 = article(provider, 'item-1', 2, { places: geneva, headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Talks stall in Geneva' }], bodies: body('Talks stalled in Geneva on Tuesday.', 'Delegates arrived.', 'A second round is planned.') });

  beforeAll(async () => {
    platform = await testPlatform();
    const principals = principalsWithWriterOnly();
    readerKey = principals.readerKey;
    writerOnlyKey = principals.writerOnlyKey;
    codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
    producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    admin = platform.kafka.admin();
    await admin.connect();
    publish = await startPublishService(platform);
    api = await startApiService(platform, principals.store, 0);

    story.log = newLog();
    story.events.push(...(await story.log.append(openedWith('s1', v1))));
    story.events.push(...(await story.log.append([enriched('e1', 1, v1.contentHash)])));
    story.events.push(...(await story.log.append(updatedWith('s2', v2, 1))));
  });

  afterAll(async () => {
    await api?.stop();
    await publish?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await platform?.close();
  });

  it('projects the latest published state, the version history and the indexes into Redis, with the offset it reflects', async () => {
    const last = story.events.at(-1)!;
    const hash = await projected(story.log, last.sequence);
    const written = story.log.written.at(-1)!;
    expect(hash).toMatchObject({ status: 'published', offset: `${written.partition}/${written.offset}` });
    const stored = JSON.parse(hash.story!) as Story;
    expect(stored).toMatchObject({ version: 2, publishedVersions: [1, 2], facets: { provider, places: ['geneva'] } });
    expect(stored.article.headlines[0]!.value).toBe('Talks stall in Geneva');
    const keys = await liveProjectionKeys(platform.redis);
    expect(await platform.redis.hkeys(keys.versions(story.log.storyId))).toEqual(expect.arrayContaining(['1', '2']));
    expect(await platform.redis.zscore(keys.facetIndex('provider', provider), story.log.storyId)).toBe(String(v2.versioncreated));
    expect(await platform.redis.zscore(keys.facetIndex('place', 'geneva'), story.log.storyId)).not.toBeNull();
    const offsets = await platform.redis.hgetall(keys.offsets);
    expect(BigInt(offsets[String(written.partition)]!)).toBeGreaterThanOrEqual(BigInt(written.offset));
  });

  it('treats a redelivered event as a no-op everywhere: Redis, the feed and the public topics', async () => {
    const log = newLog();
    const a1 = article(`${provider}-r`, 'item-redelivered', 1);
    const events = await log.append(openedWith('r1', a1));
    const before = await projected(log, 4);
    const again = await log.send(events.at(-1)!);
    await groupCommitted('projection', again);
    await groupCommitted('publisher', again);
    expect(await storyHash(log.storyId)).toEqual(before);

    // A later event of the same story lands after the redelivery in the same partition: once it is
    // read, everything the redelivery could have produced has been read too.
    const [marker] = await log.append([enriched('r2', 1, a1.contentHash)]);
    const isMarker = (m: KafkaMessage) => forStory(log.storyId)(m) && header(m, 'storyline-update-id') === marker!.eventId;
    for (const topic of [platform.topics.storyUpdates.name, platform.topics.stories.name]) {
      const mine = (await readUntil(platform.kafka, topic, (ms) => ms.some(isMarker))).filter(forStory(log.storyId));
      expect(mine.map((m) => header(m, 'storyline-reason'))).toEqual(['NEW', 'ENRICHED']);
    }
    // The projection's own consumer group may trail the publisher's: wait for the marker in the feed, then count.
    const feedOfStory = async () => (await new FeedLog(platform.redis).read(FEED_START, 1_000_000)).filter((e) => e.update.storyId === log.storyId);
    await eventually(async () => ((await feedOfStory()).some((e) => e.update.updateId === marker!.eventId) ? true : null), 'the marker in the feed');
    expect((await feedOfStory()).map((e) => e.update.reason)).toEqual(['NEW', 'ENRICHED']);
  });

  it('writes stories.v1 and story-updates.v1 with routing headers, readable by a stock Confluent deserializer', async () => {
    const latest = story.events.at(-1)!;
    const stories = (await readUntil(platform.kafka, platform.topics.stories.name, (ms) => ms.some((m) => forStory(story.log.storyId)(m) && header(m, 'storyline-sequence') === String(latest.sequence)))).filter(forStory(story.log.storyId));
    const last = stories.at(-1)!;
    expect(header(last, 'storyline-provider')).toBe(provider);
    expect(header(last, 'storyline-places')).toBe('geneva');
    expect(header(last, 'storyline-event-type')).toBe('VersionPublished');
    // v1's enrichment routed v1's records; v2 is not enriched yet, so its entity facets are empty.
    const enrichedRecord = stories.find((m) => header(m, 'storyline-reason') === 'ENRICHED')!;
    expect(header(enrichedRecord, 'storyline-organisations')).toBe('united nations');
    expect(header(enrichedRecord, 'storyline-subjects')!.split(',')).toContain('medtop:06000000');
    expect(header(enrichedRecord, 'storyline-event-type')).toBe('VersionEnriched');
    expect(header(last, 'storyline-organisations')).toBe('');
    const decoded = (await stock().decode(last.value!)) as Story;
    expect(decoded).toMatchObject({ storyId: story.log.storyId, version: 2, sequence: latest.sequence });

    const updates = (await readUntil(platform.kafka, platform.topics.storyUpdates.name, (ms) => ms.filter(forStory(story.log.storyId)).length >= 3)).filter(forStory(story.log.storyId));
    const update = (await stock().decode(updates.at(-1)!.value!)) as StoryUpdate;
    expect(update).toMatchObject({ reason: 'UPDATE', updateId: latest.eventId, version: 2, changes: { previousVersion: 1, headlineChanged: true } });
    expect(update.changes!.paragraphs.map((p) => p.kind)).toEqual(['CHANGED', 'ADDED']);
  });

  it('kills: a tombstone on stories.v1, a KILL update, gone from every view, and nothing brings it back', async () => {
    const log = newLog();
    const a1 = article(provider, 'item-kill', 1, { places: geneva });
    const kill = article(provider, 'item-kill', 2, { signals: ['KILL'] });
    await log.append(openedWith('k1', a1));
    await projected(log, 4);
    const [, killed] = await log.append([received('k2', kill), killedBy('k2', kill)]);
    const hash = await projected(log, killed!.sequence);
    expect(hash.status).toBe('killed');
    expect(hash.story).toBeUndefined();
    expect(JSON.parse(hash.killed!)).toMatchObject({ cause: 'KILL_SIGNAL', sequence: killed!.sequence });
    const keys = await liveProjectionKeys(platform.redis);
    expect(await platform.redis.exists(keys.versions(log.storyId))).toBe(0);
    expect(await platform.redis.zscore(keys.facetIndex('provider', provider), log.storyId)).toBeNull();

    const stories = (await readUntil(platform.kafka, platform.topics.stories.name, (ms) => ms.some((m) => forStory(log.storyId)(m) && m.value === null))).filter(forStory(log.storyId));
    expect(stories.at(-1)!.value).toBeNull();
    expect(header(stories.at(-1)!, 'storyline-reason')).toBe('KILL');
    expect(header(stories.at(-1)!, 'storyline-places')).toBe('geneva');
    const updates = (await readUntil(platform.kafka, platform.topics.storyUpdates.name, (ms) => ms.some((m) => forStory(log.storyId)(m) && header(m, 'storyline-reason') === 'KILL'))).filter(forStory(log.storyId));
    expect(updates.map((m) => header(m, 'storyline-reason'))).toEqual(['NEW', 'KILL']);

    const late = article(provider, 'item-kill', 3);
    const [, latePublished] = await log.append([accepted('k3', late, 1), published('k3', late)]);
    await projected(log, latePublished!.sequence);
    expect((await storyHash(log.storyId)).status).toBe('killed');
    expect((await get(`/v1/stories/${log.storyId}`)).json).toMatchObject({ status: 410, code: 'story_withdrawn' });
  });

  it('serves a story by id, by version with what changed, and its history', async () => {
    await projected(story.log, story.events.at(-1)!.sequence);
    const latest = await get(`/v1/stories/${story.log.storyId}`);
    expect(latest.status).toBe(200);
    expect(latest.headers.get('etag')).toBe(`"${story.events.at(-1)!.sequence}"`);
    expect(latest.json).toMatchObject({ storyId: story.log.storyId, version: 2, enrichment: null });
    const first = await get(`/v1/stories/${story.log.storyId}?version=1`);
    expect(first.json).toMatchObject({ version: 1, reason: 'NEW', headline: 'Talks open in Geneva' });
    const history = await get(`/v1/stories/${story.log.storyId}/versions`);
    expect(history.json.items.map((v) => v.reason)).toEqual(['NEW', 'UPDATE']);
    expect((await get(`/v1/stories/${story.log.storyId}?version=9`)).json.code).toBe('version_not_found');
    expect((await get('/v1/stories/no-such-story')).status).toBe(404);
  });

  it('lists with filters and pages with a cursor', async () => {
    const other = newLog();
    const paris = article(provider, 'item-paris', 1, { places: [{ ...geneva[0]!, name: 'Paris' }] });
    await other.append(openedWith('p1', paris));
    await projected(other, 4);
    const page1 = await get(`/v1/stories?provider=${provider}&limit=1`);
    expect(page1.json.items).toHaveLength(1);
    expect(page1.json.items[0]!.storyId).toBe(other.storyId);
    const page2 = await get(page1.json.next);
    expect(page2.json.items.map((s) => s.storyId)).toEqual([story.log.storyId]);
    const genevaOnly = await get(`/v1/stories?provider=${provider}&place=Geneva`);
    expect(genevaOnly.json.items.map((s) => s.storyId)).toEqual([story.log.storyId]);
    expect((await get('/v1/stories?cursor=not-a-cursor')).json.code).toBe('invalid_cursor');
    expect((await get('/v1/stories?since=whenever')).status).toBe(400);
  });

  it('feeds every change through a cursor that resumes', async () => {
    const page1 = await get(`/v1/feed?provider=${provider}&limit=2`);
    expect(page1.json.items.map((u) => u.reason).slice(0, 2)).toEqual(['NEW', 'ENRICHED']);
    expect(page1.json.cursorExpiresAt).toMatch(/^\d{4}-/);
    const page2 = await get(page1.json.next);
    expect(page2.json.items[0]).toMatchObject({ reason: 'UPDATE', storyId: story.log.storyId });
    const all = [...page1.json.items, ...page2.json.items];
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
  });

  it('streams live over SSE with filters and resumes from Last-Event-ID', async () => {
    const feed = await get(`/v1/feed?provider=${provider}&limit=1`);
    const firstId = feed.json.items[0]!.id;
    const controller = new AbortController();
    const response = await fetch(`${api.url}/v1/stream?provider=${provider}`, { headers: { authorization: `Bearer ${readerKey}`, 'last-event-id': firstId }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const frames: Array<{ id: string; event: string; data: StoryUpdate }> = [];
    let buffer = '';
    const readFrames = async (until: () => boolean) => {
      while (!until()) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += Buffer.from(value).toString();
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => /^(id|event|data):/.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields.data) frames.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) as StoryUpdate });
        }
      }
    };
    await readFrames(() => frames.some((f) => f.data.reason === 'UPDATE'));
    expect(frames[0]!.id).not.toBe(firstId);
    expect(frames.every((f) => f.data.storyId !== undefined)).toBe(true);

    const live = newLog();
    const liveArticle = article(provider, 'item-live', 1);
    await live.append(openedWith('l1', liveArticle));
    await readFrames(() => frames.some((f) => f.data.storyId === live.storyId));
    expect(frames.find((f) => f.data.storyId === live.storyId)).toMatchObject({ event: 'new', data: { reason: 'NEW' } });
    const ids = frames.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    controller.abort();
  });

  it('refuses requests without a reader key (401) or without stories:read (403), as problem+json; serves its OpenAPI document', async () => {
    const none = await fetch(`${api.url}/v1/stories`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('/v1/stories', 'sk_000000000000.notavalidsecretatall')).json.code).toBe('invalid_credentials');
    expect((await get('/v1/stories', writerOnlyKey)).status).toBe(403);
    expect((await get('/v1/stream', writerOnlyKey)).status).toBe(403);
    const openapi = await get('/openapi.json', null);
    expect(openapi.json.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.json.paths as object)).toEqual(expect.arrayContaining(['/v1/stories/{id}', '/v1/stories', '/v1/feed', '/v1/stream']));
    expect((openapi.json.components as { schemas: Record<string, { required: string[] }> }).schemas.Story!.required).toContain('article');
  });

  it('the consumer library decodes the public topics, filters by header and de-duplicates redeliveries', async () => {
    const seen: Array<PublicRecord<'story-updates.v1'>> = [];
    let calls = 0;
    const handler = idempotent<'story-updates.v1'>(async (record) => {
      calls++;
      seen.push(record);
      return Promise.resolve();
    }, memoryProcessedStore());
    const client = createStorylineConsumer({ kafka: platform.kafka, registry: platform.registry, groupId: runId('downstream'), catalog: platform.catalog, topicPrefix: platform.topics.prefix });
    const subscription = await client.subscribe('story-updates.v1', async (record) => {
      await handler(record);
      await handler(record);
    }, { where: (headers) => headerHas(headers, 'storyline-provider', provider) });
    try {
      await eventually(() => Promise.resolve(seen.some((r) => r.value.storyId === story.log.storyId && r.value.reason === 'UPDATE')), 'updates via the consumer library');
    } finally {
      await subscription.stop();
    }
    expect(seen.every((r) => r.headers['storyline-provider'] === provider)).toBe(true);
    expect(calls).toBe(seen.length);
    expect(seen.find((r) => r.value.storyId === story.log.storyId && r.value.reason === 'UPDATE')!.value.story!.facets.places).toEqual(['geneva']);
  });
});
