import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestService, type IngestService } from '../../../services/ingest/ingest-service.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import type { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';
import { isRecordTooLarge, kafkaWriteFailure, MAX_RECORD_BYTES } from '../../../services/shared/kafka/message-limits.ts';
import { testPlatform, testPrincipals } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';

let platform: Platform;
let principals: PrincipalStore;
let providerId: string;
let providerKey: string;
const services: IngestService[] = [];

async function post(url: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/v1/items`, { method: 'POST', body, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'text/plain; charset=utf-8', ...headers } });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), json: (await response.json()) as Record<string, unknown> };
}

/** Copy that compresses poorly: the record stays near twice the item's size after gzip. */
function largeCopy(bytes: number): string {
  return `Large filing\n\nGENEVA (Reuters) - ${randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64').replace(/(.{60})/g, '$1 ')}\n`;
}

describe('ingest limits and outages (real Kafka, Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    principals = testPrincipals();
    providerId = runId('limits').toLowerCase();
    providerKey = principals.issueKey(providerId, 'Limits wire', 'provider');
  });
  afterAll(async () => {
    for (const service of services) await service.stop();
    await platform?.close();
  });

  it('every topic takes the records ingest can produce (was: Kafka default 1 MiB, a 600 KiB body answered 503 for ever)', async () => {
    const admin = platform.kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [platform.topics.submissions, platform.topics.stories, platform.topics.storyUpdates].map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name, configNames: ['max.message.bytes'] })) });
      for (const resource of described.resources) expect(Number(resource.configEntries[0]?.configValue)).toBeGreaterThanOrEqual(MAX_RECORD_BYTES);
    } finally {
      await admin.disconnect();
    }
    const ingest = await startIngestService(platform, principals, 0);
    services.push(ingest);
    const accepted = await post(ingest.url, largeCopy(1_500_000));
    expect(accepted.status).toBe(202);
  }, 60_000);

  it("the broker's MESSAGE_TOO_LARGE is recognised and kept non-retriable", async () => {
    const topic = `${platform.topics.prefix}test.too-large.${runId('t')}`;
    const admin = platform.kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '2048' }] }] });
    await admin.disconnect();
    const producer = platform.kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 2 } });
    await producer.connect();
    try {
      const error = await producer.send({ topic, acks: -1, messages: [{ value: randomBytes(20_000) }] }).catch((thrown: unknown) => thrown);
      expect(isRecordTooLarge(error)).toBe(true);
      expect(kafkaWriteFailure('kafka_write_failed', 'write', error)).toMatchObject({ code: 'record_too_large', disposition: 'poison' });
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  it('a broker that cannot be reached answers 503 with Retry-After within about a second, and frees the Idempotency-Key (was: 88 s, then 409 in flight)', async () => {
    const unreachable = new Kafka({ clientId: 'closed-port', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, connectionTimeout: 500 });
    const ingest = await startIngestService(platform, principals, 0, undefined, undefined, { producer: unreachable.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 2 } }) });
    services.push(ingest);
    const key = runId('idem');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const started = performance.now();
      const answer = await post(ingest.url, 'Talks\n\nGENEVA (Reuters) - Talks resumed.\n', { 'idempotency-key': key });
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(answer).toMatchObject({ status: 503, json: { code: expect.stringMatching(/^kafka_/) } });
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    expect(await platform.redis.exists(`idem:{${providerId}}:${key}`)).toBe(0);
  }, 30_000);
});
