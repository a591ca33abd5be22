import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { startIngestService, type IngestService } from '../../../services/ingest/ingest-service.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform, testPrincipals } from '../../support/platform.ts';
import { header, readUntil } from '../../support/topic-reader.ts';
import { runId } from '../../support/run-id.ts';

const seed = readFileSync(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url));
let platform: Platform;
let ingest: IngestService;
let providerKey: string;
let consumerKey: string;

async function post(body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; contentType: string | null }> {
  const response = await fetch(`${ingest.url}/v1/items`, { method: 'POST', body, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'text/plain; charset=utf-8', ...headers } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, contentType: response.headers.get('content-type') };
}

describe('ingest over HTTP (real Kafka, registry, Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    const principals = testPrincipals();
    providerKey = principals.issueKey('wire-ap', 'Test wire', 'provider');
    consumerKey = principals.issueKey('site', 'Test site', 'consumer');
    ingest = await startIngestService(platform, principals, 0);
  });
  afterAll(async () => {
    await ingest?.stop();
    await platform?.close();
  });

  it('accepts the seed article with 202 only once it is in the log, readable by a stock Confluent Avro deserializer', async () => {
    const accepted = await post(seed);
    expect(accepted.status).toBe(202);
    const submissionId = String(accepted.json.submissionId);
    expect(submissionId).toMatch(/^sub_/);

    const messages = await readUntil(platform.kafka, platform.topics.submissions.name, (ms) => ms.some((m) => header(m, 'storyline-submission-id') === submissionId));
    const message = messages.find((m) => header(m, 'storyline-submission-id') === submissionId)!;
    const stock = new SchemaRegistry({ host: platform.config.registry.url });
    const decoded = (await stock.decode(message.value!)) as { submissionId: string; raw: Buffer; article: { located: { city: string; date: string }; provider: { id: string } } };
    expect(decoded.submissionId).toBe(submissionId);
    expect(Buffer.compare(decoded.raw, seed)).toBe(0);
    expect(decoded.article.located).toMatchObject({ city: 'Geneva', date: '2022-01-22' });
    expect(decoded.article.provider.id).toBe('wire-ap');
    expect(message.key?.toString()).toMatch(/^wire-ap:/);
  });

  it('refuses requests without a valid provider key (401) or without the provider scope (403)', async () => {
    const none = await fetch(`${ingest.url}/v1/items`, { method: 'POST', body: seed, headers: { 'content-type': 'text/plain' } });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { code: string }).code).toBe('missing_credentials');
    expect((await post(seed, { authorization: 'Bearer sk_000000000000.notavalidsecretatall' })).json.code).toBe('invalid_credentials');
    const forbidden = await post(seed, { authorization: `Bearer ${consumerKey}` });
    expect(forbidden.status).toBe(403);
  });

  it('answers bad input with problem+json naming the cause', async () => {
    const unsupported = await post(Buffer.from([0x89, 0x50, 0x4e, 0x47]), { 'content-type': 'image/png' });
    expect(unsupported).toMatchObject({ status: 415, contentType: 'application/problem+json; charset=utf-8' });
    expect(unsupported.json.code).toBe('unsupported_media_type');

    const malformed = await post('{"headline": "x", ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ code: 'malformed_json', type: expect.stringContaining('malformed_json') });

    const tooLarge = await post(Buffer.alloc(6 * 1024 * 1024, 0x61));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.code).toBe('too_large');
  });

  it('honours Idempotency-Key: same bytes → same submission, written once; other bytes → 409', async () => {
    const key = runId('idem');
    const first = await post(seed, { 'idempotency-key': key });
    const second = await post(seed, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(second).toMatchObject({ status: 202, json: { submissionId: first.json.submissionId, replayed: true } });
    const conflict = await post(`${seed.toString()}\nAn extra paragraph.`, { 'idempotency-key': key });
    expect(conflict).toMatchObject({ status: 409, json: { code: 'idempotency_key_reused', field: 'Idempotency-Key' } });

    const messages = await readUntil(platform.kafka, platform.topics.submissions.name, (ms) => ms.some((m) => header(m, 'storyline-submission-id') === first.json.submissionId));
    await new Promise((r) => setTimeout(r, 500));
    expect(messages.filter((m) => header(m, 'storyline-submission-id') === first.json.submissionId)).toHaveLength(1);
  });

  it('reports health and readiness', async () => {
    expect((await fetch(`${ingest.url}/health`)).status).toBe(200);
    const ready = await fetch(`${ingest.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});

describe('declared identity for plain text', () => {
  beforeAll(async () => {
    platform ??= await testPlatform();
  });

  it('takes Storyline-Item-Id and Storyline-Item-Version over the derived ones, and refuses bad values', async () => {
    const principals = testPrincipals();
    providerKey = principals.issueKey('wire-x', 'X', 'provider');
    const service = await startIngestService(platform, principals, 0);
    try {
      const response = await fetch(`${service.url}/v1/items`, { method: 'POST', body: seed, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'text/plain', 'storyline-item-id': 'geneva-1', 'storyline-item-version': '3' } });
      expect(response.status).toBe(202);
      expect(await response.json()).toMatchObject({ providerItemId: 'geneva-1', providerVersion: 3, itemUri: 'storyline:item:wire-x:geneva-1' });
      const bad = await fetch(`${service.url}/v1/items`, { method: 'POST', body: seed, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'text/plain', 'storyline-item-version': 'two' } });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'invalid_value', field: 'Storyline-Item-Version' });
    } finally {
      await service.stop();
    }
  });
});
