import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story, StoryUpdate } from '../../services/contracts/types.generated.ts';
import { storyIdFor } from '../../services/dedupe/routing-pipeline.ts';
import { startPipeline, type RunningPipeline } from '../../services/runtime/pipeline.ts';
import type { Platform } from '../../services/shared/platform/platform.ts';
import { sampleCopy } from '../../services/runtime/sample-copy.ts';
import { testPlatform, testPrincipals } from '../support/platform.ts';
import { resetTestEnvironment } from '../support/reset-environment.ts';
import { loadConfig } from '../../services/shared/config.ts';
import { runId } from '../support/run-id.ts';
import { openSse } from '../support/sse-client.ts';
import { createStorylineConsumer, type Subscription } from '../../services/consumer/storyline-consumer.ts';
import { idempotent, memoryProcessedStore } from '../../services/consumer/idempotent-handler.ts';
import { parseItem } from '../../services/ingest/parsers/index.ts';
import { withEnrichment } from '../../services/publish/standards/story-document.ts';
import { carriedFields } from '../support/standard-round-trip.ts';

const copy = new Map(sampleCopy().map((item) => [item.file, item]));
const sample = (file: string) => copy.get(file)!;
const run = runId('e2e');
const wireA = `wire-a-${run}`;
const wireB = `wire-b-${run}`;
const itemId = `geneva-${run}`;
const storyId = storyIdFor({ providerId: wireA, providerItemId: itemId });

let platform: Platform;
let pipeline: RunningPipeline;
let keys: { a: string; b: string; reader: string };
let stream: ReturnType<typeof openSse>;

async function submit(key: string, bytes: Buffer, contentType: string, identity: { itemId?: string; version?: number } = {}) {
  const response = await fetch(`${pipeline.ingestUrl}/v1/items`, {
    method: 'POST',
    body: bytes,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': contentType,
      ...(identity.itemId ? { 'storyline-item-id': identity.itemId } : {}),
      ...(identity.version ? { 'storyline-item-version': String(identity.version) } : {}),
    },
  });
  expect(response.status).toBe(202);
}

async function api(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${pipeline.apiUrl}${path}`, { headers: { authorization: `Bearer ${keys.reader}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const storyAt = (version: number, extra: (s: Record<string, unknown>) => boolean = () => true) =>
  eventually(async () => {
    const { status, body } = await api(`/v1/stories/${storyId}`);
    return status === 200 && body.version === version && extra(body) ? body : undefined;
  }, `story ${storyId} at version ${version}`);

/** What a downstream team sees through the typed consumer library, filtered by routing header, idempotently. */
const seen = { updates: [] as StoryUpdate[], stories: [] as Array<{ value: Story | null; provider: string }> };
let subscriptions: Subscription[] = [];

async function subscribeAsDownstream(): Promise<void> {
  const consumer = createStorylineConsumer({ kafka: platform.kafka, registry: platform.registry, catalog: platform.catalog, groupId: runId('downstream'), topicPrefix: platform.topics.prefix });
  const ours = (headers: Readonly<Record<string, string>>) => headers['storyline-story-id'] === storyId;
  subscriptions = [
    await consumer.subscribe('story-updates.v1', idempotent(({ value }) => Promise.resolve(void seen.updates.push(value)), memoryProcessedStore()), { where: ours }),
    await consumer.subscribe('stories.v1', idempotent(({ value, headers }) => Promise.resolve(void seen.stories.push({ value, provider: headers['storyline-provider'] ?? '' })), memoryProcessedStore()), { where: ours }),
  ];
}

const updateWhere = (match: (update: StoryUpdate) => boolean) =>
  eventually(() => Promise.resolve(seen.updates.find(match)), 'a matching update on story-updates.v1');

async function redisStory(): Promise<Record<string, string>> {
  return platform.redis.hgetall(`sl:story:{s:${storyId}}`);
}

describe('the whole pipeline, through its public entry points', () => {
  beforeAll(async () => {
    // The integration tier sent the same seed copy through the test environment; a router starting on
    // it now would rightly route this run's seed into those stories. The pipeline starts from empty.
    await resetTestEnvironment(loadConfig());
    platform = await testPlatform();
    const principals = testPrincipals();
    keys = { a: principals.issueKey(wireA, 'Wire A', 'provider'), b: principals.issueKey(wireB, 'Wire B', 'provider'), reader: principals.issueKey(`reader-${run}`, 'Reader', 'consumer') };
    pipeline = await startPipeline(platform, principals, { ingestPort: 0, apiPort: 0, adminPort: 0 });
    await subscribeAsDownstream();
    stream = openSse(`${pipeline.apiUrl}/v1/stream?provider=${wireA}`, { authorization: `Bearer ${keys.reader}` });
  });
  afterAll(async () => {
    stream?.close();
    await Promise.all(subscriptions.map((s) => s.stop()));
    await pipeline?.stop();
    await platform?.close();
  });

  it('1. the seed article becomes a new story: Redis, both topics, the API and SSE agree', async () => {
    await submit(keys.a, sample('01-geneva-talks.txt').bytes, 'text/plain', { itemId, version: 1 });
    const story = await storyAt(1);
    expect(story).toMatchObject({ storyId, article: { located: { city: 'Geneva', date: '2022-01-22' }, provider: { id: wireA } } });
    expect((await redisStory()).status).toBe('published');
    expect(await updateWhere((u) => u.reason === 'NEW')).toMatchObject({ storyId, reason: 'NEW', version: 1 });
    const published = await eventually(() => Promise.resolve(seen.stories.find((s) => s.value?.version === 1)), 'the story on stories.v1');
    expect(published).toMatchObject({ value: { storyId, version: 1 }, provider: wireA });
    await stream.waitFor((e) => e.data.storyId === storyId && e.event === 'new');
  });

  it('2. an update from the same provider becomes version 2, with what changed', async () => {
    await submit(keys.a, sample('02-geneva-talks-update.txt').bytes, 'text/plain', { itemId, version: 2 });
    await storyAt(2);
    const update = await updateWhere((u) => u.reason === 'UPDATE');
    expect(update.version).toBe(2);
    expect(update.changes?.paragraphs.some((p) => p.kind === 'ADDED')).toBe(true);
    await stream.waitFor((e) => e.data.storyId === storyId && e.event === 'update');
    const history = await api(`/v1/stories/${storyId}/versions`);
    expect((history.body.items as unknown[]).length).toBe(2);
  });

  it('3. a correction becomes version 3, flagged as a correction', async () => {
    await submit(keys.a, sample('04-geneva-talks-correction.txt').bytes, 'text/plain', { itemId, version: 3 });
    const story = await storyAt(3);
    expect(story.correction).toBe(true);
    expect(await updateWhere((u) => u.reason === 'CORRECTION')).toMatchObject({ version: 3 });
    await stream.waitFor((e) => e.data.storyId === storyId && e.event === 'correction');
  });

  it('3b. the version in the IPTC standards: ninjs 3.1 and a NewsML-G2 newsItem that ingest reads back to the same article', async () => {
    const fetchAs = async (accept: string) => {
      const response = await fetch(`${pipeline.apiUrl}/v1/stories/${storyId}`, { headers: { authorization: `Bearer ${keys.reader}`, accept } });
      return { status: response.status, type: response.headers.get('content-type'), sequence: Number(/^"(\d+)/.exec(response.headers.get('etag') ?? '')?.[1]), bytes: Buffer.from(await response.arrayBuffer()) };
    };
    // Enrichment may land between two requests: compare representations of one story sequence.
    const { g2, story } = await eventually(async () => {
      const g2 = await fetchAs('application/vnd.iptc.g2.newsitem+xml');
      const json = await fetchAs('application/json');
      return g2.sequence === json.sequence ? { g2, story: JSON.parse(json.bytes.toString()) as Story } : undefined;
    }, 'one story sequence in both representations');
    expect(g2).toMatchObject({ status: 200, type: 'application/vnd.iptc.g2.newsitem+xml; charset=utf-8' });
    const back = parseItem({ bytes: g2.bytes, contentType: g2.type ?? undefined, provider: { id: 'downstream', name: null }, submissionId: 'e2e', receivedAt: Date.now() });
    if (!back.ok) throw new Error(`NewsML-G2 output refused by ingest: ${back.error.message}`);
    expect(back.article.providerItemId).toBe(`storyline:story:${storyId}`);
    expect(carriedFields(back.article, 'newsml-g2')).toEqual(carriedFields(withEnrichment(story.article, story.enrichment), 'newsml-g2'));
    const ninjs = await fetchAs('application/ninjs+json');
    expect(ninjs.type).toBe('application/ninjs+json; charset=utf-8');
    expect(JSON.parse(ninjs.bytes.toString())).toMatchObject({ uri: `storyline:story:${storyId}`, version: '3', pubStatus: 'usable' });
    expect((await fetchAs('text/html')).status).toBe(406);
  });

  it('4. a rewrite from a second provider joins the story as related coverage, not a new story', async () => {
    await submit(keys.b, sample('03-geneva-talks-rewrite.json').bytes, 'application/json');
    const story = await storyAt(3, (s) => Array.isArray(s.related) && s.related.length > 0);
    expect(JSON.stringify(story.related)).toContain(wireB);
    const listed = await api(`/v1/stories?provider=${wireB}`);
    expect((listed.body.items as Array<{ storyId: string }>).every((s) => s.storyId === storyId)).toBe(true);
    expect(await updateWhere((u) => u.reason === 'RELATED')).toMatchObject({ storyId });
  });

  it('5. a kill withdraws it everywhere: 410, a tombstone on stories.v1, a KILL update, and nothing brings it back', async () => {
    await submit(keys.a, Buffer.from(`KILL: Geneva talks story withdrawn\n\ndate 2022-01-22 GENEVA – This story has been withdrawn by the provider.\n`), 'text/plain', { itemId, version: 4 });
    await eventually(async () => ((await api(`/v1/stories/${storyId}`)).status === 410 ? true : undefined), 'the story to be withdrawn');
    expect((await api(`/v1/stories/${storyId}`)).body.code).toBe('story_withdrawn');
    const canceled = await fetch(`${pipeline.apiUrl}/v1/stories/${storyId}`, { headers: { authorization: `Bearer ${keys.reader}`, accept: 'application/ninjs+json' } });
    expect(canceled.status).toBe(410);
    expect(await canceled.json()).toMatchObject({ uri: `storyline:story:${storyId}`, pubStatus: 'canceled' });
    await eventually(() => Promise.resolve(seen.stories.at(-1)?.value === null ? true : undefined), 'a tombstone on stories.v1');
    expect(await updateWhere((u) => u.reason === 'KILL')).toMatchObject({ story: null });
    await stream.waitFor((e) => e.data.storyId === storyId && e.event === 'kill');
    expect((await redisStory()).status).toBe('killed');

    await submit(keys.a, sample('02-geneva-talks-update.txt').bytes, 'text/plain', { itemId, version: 5 });
    await new Promise((r) => setTimeout(r, 3000));
    expect((await api(`/v1/stories/${storyId}`)).status).toBe(410);
  });
});
