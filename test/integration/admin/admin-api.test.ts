import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Producer } from 'kafkajs';
import { startAdminService, type AdminService } from '../../../services/admin/admin-service.ts';
import { codecFor, type AvroCodec } from '../../../services/contracts/avro-codec.ts';
import type { AvroStoryEvent } from '../../../services/domain/story/index.ts';
import { PIPELINE_CONSUMERS } from '../../../services/runtime/consumer-registry.ts';
import { RedisProjection } from '../../../services/publish/redis-projection.ts';
import { storyEventDecoder } from '../../../services/publish/story-event-decoder.ts';
import { poison } from '../../../services/shared/errors.ts';
import type { RunningConsumer } from '../../../services/shared/kafka/consumer-runner.ts';
import type { ConsumerDeclaration } from '../../../services/shared/platform/consumer-declaration.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { startServiceConsumer } from '../../../services/shared/platform/service-consumer.ts';
import { openedWith, updatedWith } from '../../unit/domain/story-event-builders.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { StoryLog, article, eventually } from '../publish/support.ts';
import { TEST_RATE_LIMITS, call, operatorKeys, type OperatorKeys } from './support.ts';

let platform: Platform;
let service: AdminService;
let keys: OperatorKeys;
let producer: Producer;
let admin: Admin;
let codec: AvroCodec<AvroStoryEvent>;

/** Two probe consumers of story.events.v1: `picky` gives up (poison) on one story until it is "fixed", `steady` takes everything. */
const picky: ConsumerDeclaration = { name: runId('picky'), input: (t) => t.storyEvents.name, description: 'test consumer that dead-letters one story until fixed' };
const steady: ConsumerDeclaration = { name: runId('steady'), input: (t) => t.storyEvents.name, description: 'test consumer beside it' };

const READ_ROUTES = ['/ops/v1/status', '/ops/v1/topics/story.events.v1/records?limit=1', '/ops/v1/stories/none', '/ops/v1/dead-letters?limit=1', `/ops/v1/dead-letters/${picky.name}:0`, '/ops/v1/projection/hash', '/ops/v1/audit'];
const WRITE_ROUTES = [`/ops/v1/dead-letters/${picky.name}:0/redrive`, '/ops/v1/dead-letters/redrive', `/ops/v1/consumer-groups/${picky.name}/offsets/reset`];

const cli = fileURLToPath(new URL('../../../services/cli/bin.mjs', import.meta.url));
async function storyline(args: string[], key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args, '--admin-url', service.url, '--key', key], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const get = (path: string, key: string | null = keys.reader) => call(service.url, key, 'GET', path);
const post = (path: string, body: unknown, key: string | null = keys.operator) => call(service.url, key, 'POST', path, body);

describe('admin API (real Kafka, registry, Redis, Temporal)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    keys = operatorKeys();
    service = await startAdminService(platform, keys.store, { consumers: [...PIPELINE_CONSUMERS, picky, steady], port: 0, operationsWorker: false, rateLimits: TEST_RATE_LIMITS });
    codec = await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, platform.topics.storyEvents);
    producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    admin = platform.kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await platform?.close();
  });

  it('answers only operator keys with the route scope: 401 without a key, 403 for consumer, provider and a read-only operator on writes', async () => {
    for (const path of READ_ROUTES) {
      expect((await get(path, null)).status, path).toBe(401);
      expect((await get(path, keys.consumer)).status, path).toBe(403);
      expect((await get(path, keys.provider)).status, path).toBe(403);
    }
    for (const path of WRITE_ROUTES) {
      expect((await post(path, { dryRun: true, toLatest: true }, null)).status, path).toBe(401);
      for (const key of [keys.consumer, keys.provider, keys.reader]) {
        const answer = await post(path, { dryRun: true, toLatest: true }, key);
        expect(answer.status, path).toBe(403);
        expect(answer.body.code).toBe('forbidden');
      }
    }
    const document = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of [...READ_ROUTES, ...WRITE_ROUTES]) expect(Object.keys(document.paths).some((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path.split('?')[0]!))).toBe(true);
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('CLI commands exit 3 without their ops: scope and 0 with it', async () => {
    const [refusedWrite, refusedRead, allowed] = await Promise.all([
      storyline(['dlq', 'redrive', '--all', '--dry-run'], keys.reader),
      storyline(['projection', 'hash'], keys.consumer),
      storyline(['projection', 'hash', '--json'], keys.reader),
    ]);
    expect(refusedWrite.code).toBe(3);
    expect(refusedWrite.stderr).toContain('scope ops:write missing');
    expect(refusedRead.code).toBe(3);
    expect(allowed.code).toBe(0);
    expect((JSON.parse(allowed.stdout) as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 180_000);

  it('shows a story: its history with the evidence of each decision, its read-model state and a diff between two versions', async () => {
    const provider = runId('prov');
    const log = new StoryLog(runId('story'), producer, codec, platform.topics.storyEvents.name);
    const v1 = article(provider, 'item-1', 1, { headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Talks open in Geneva' }] });
    const v2 = article(provider, 'item-1', 2, { headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Talks stall in Geneva' }] });
    const events = [...(await log.append(openedWith('s1', v1))), ...(await log.append(updatedWith('s2', v2, 1)))];
    const projection = new RedisProjection(platform.redis);
    for (const { event, partition, offset } of log.written) await projection.apply(event, { partition, offset });

    const answer = await get(`/ops/v1/stories/${log.storyId}?diff=1,2`);
    expect(answer.status).toBe(200);
    const history = answer.body.history as Array<{ sequence: number; type: string; why: string }>;
    expect(history.map((h) => h.sequence)).toEqual(events.map((e) => e.sequence));
    expect(history.find((h) => h.type === 'StoryOpened')?.why).toContain('no existing story matched');
    expect(answer.body.readModel).toMatchObject({ status: 'published', sequence: events.length, versions: [1, 2] });
    expect(answer.body.diff).toMatchObject({ from: 1, to: 2, headline: { before: 'Talks open in Geneva', after: 'Talks stall in Geneva' } });
    expect((answer.body.workflow as { workflowId: string }).workflowId).toContain(log.storyId);
    expect((await get(`/ops/v1/stories/${log.storyId}?diff=1,9`)).status).toBe(404);

    const tail = await get(`/ops/v1/topics/story.events.v1/records?key=${log.storyId}&from=earliest&limit=100`);
    const records = (tail.body.records as Array<{ key: string; value: { kind: string; value: { sequence: number; type: string } } }>).filter((r) => r.key === log.storyId);
    expect(records.map((r) => r.value.value.sequence)).toEqual(events.map((e) => e.sequence));
    expect(records[0]!.value.kind).toBe('avro');
    const fromLast = log.written.at(-1)!;
    const bounded = await get(`/ops/v1/topics/story.events.v1/records?key=${log.storyId}&from=${fromLast.partition}:${fromLast.offset}`);
    expect((bounded.body.records as unknown[]).length).toBe(1);
    expect((await get('/ops/v1/topics/story.events.v1/records?from=yesterday')).status).toBe(400);
  });

  it('re-drives a poison message after a fix to the one consumer that gave up, once; offsets reset is refused while the group is active', async () => {
    const decode = storyEventDecoder(codec);
    let fixed = false;
    const pickySeen: string[] = [];
    const steadySeen: string[] = [];
    const log = new StoryLog(runId('poison'), producer, codec, platform.topics.storyEvents.name);
    const handlers = (seen: string[], refuse: boolean) => ({
      decode,
      fromBeginning: false,
      handle: async ({ value, headers }: { value: { storyId: string; sequence: number }; headers: Readonly<Record<string, string>> }) => {
        if (value.storyId !== log.storyId) return;
        if (refuse && !fixed) throw poison('probe_refused', 'the probe cannot take this story yet');
        seen.push(`${value.sequence}${headers['storyline-redrive-of'] ? ' redriven' : ''}`);
        await Promise.resolve();
      },
    });
    const consumers: RunningConsumer[] = [await startServiceConsumer(platform, picky, handlers(pickySeen, true)), await startServiceConsumer(platform, steady, handlers(steadySeen, false))];
    try {
      await eventually(async () => {
        const [g] = (await admin.describeGroups([platform.topics.group(picky.name), platform.topics.group(steady.name)])).groups.filter((g) => g.state === 'Stable');
        return g;
      }, 'probe groups stable');
      await new Promise((r) => setTimeout(r, 2000));
      await log.append([openedWith('p1', article(runId('prov'), 'item-1', 1))[1]!]);
      await eventually(() => Promise.resolve(steadySeen.length === 1), 'steady consumer took the event');

      const listed = await eventually(async () => {
        const answer = await get(`/ops/v1/dead-letters?consumer=${picky.name}`);
        return (answer.body.items as Array<{ id: string; errorCode: string; sourceTopic: string }>).find((l) => l.errorCode === 'probe_refused');
      }, 'the dead letter');
      expect(listed.sourceTopic).toBe(platform.topics.storyEvents.name);
      const shown = await get(`/ops/v1/dead-letters/${listed.id}`);
      expect(shown.body).toMatchObject({ id: listed.id, key: log.storyId, redriven: null });
      expect(typeof shown.body.value).toBe('string');

      const dry = await post(`/ops/v1/dead-letters/${listed.id}/redrive`, { dryRun: true });
      expect(dry.body.kind).toBe('would-redrive');
      fixed = true;
      const redriven = await post(`/ops/v1/dead-letters/${listed.id}/redrive`, {});
      expect(redriven.status).toBe(200);
      expect(redriven.body.kind).toBe('redriven');
      const again = await post(`/ops/v1/dead-letters/${listed.id}/redrive`, {});
      expect(again.status).toBe(409);
      await eventually(() => Promise.resolve(pickySeen.length === 1), 'the picky consumer took the re-driven copy');
      await new Promise((r) => setTimeout(r, 3000));
      expect(pickySeen).toEqual(['1 redriven']);
      expect(steadySeen).toEqual(['1']);

      const plan = await post(`/ops/v1/consumer-groups/${picky.name}/offsets/reset`, { toEarliest: true });
      expect(plan.status).toBe(200);
      expect(plan.body.executed).toBe(false);
      expect((plan.body.plan as { activeMembers: number }).activeMembers).toBe(1);
      const refused = await post(`/ops/v1/consumer-groups/${picky.name}/offsets/reset`, { toEarliest: true, execute: true });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('group_active');
    } finally {
      for (const consumer of consumers) await consumer.stop();
    }
    await eventually(async () => (await admin.describeGroups([platform.topics.group(picky.name)])).groups[0]?.members.length === 0, 'picky group empty');
    const at = log.written.at(-1)!;
    const executed = await post(`/ops/v1/consumer-groups/${picky.name}/offsets/reset`, { toOffset: `${at.partition}:${at.offset}`, execute: true });
    expect(executed.status).toBe(200);
    const [committed] = await admin.fetchOffsets({ groupId: platform.topics.group(picky.name), topics: [platform.topics.storyEvents.name] });
    expect(committed!.partitions.find((p) => p.partition === at.partition)?.offset).toBe(at.offset);

    const status = await get('/ops/v1/status');
    expect(status.status).toBe(200);
    expect((status.body.servers as Array<{ ok: boolean }>).every((s) => s.ok)).toBe(true);
    const consumersLag = status.body.consumers as Array<{ consumer: string; partitions: unknown[] }>;
    expect(consumersLag.map((c) => c.consumer)).toEqual(expect.arrayContaining([...PIPELINE_CONSUMERS.map((c) => c.name), picky.name]));
    expect((status.body.deadLetters as Array<{ consumer: string; count: number }>).find((d) => d.consumer === picky.name)?.count).toBe(1);
    const audit = status.body.audit as Array<{ actor: string; action: string; target: string; outcome: string }>;
    expect(audit.slice(0, 4).map((a) => `${a.actor} ${a.action} ${a.outcome}`)).toEqual(['ops-admin offsets.reset ok', 'ops-admin offsets.reset refused', 'ops-admin dlq.redrive refused', 'ops-admin dlq.redrive ok']);
  });
});
