import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestService, type IngestService } from '../../../services/ingest/ingest-service.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform, testPrincipals } from '../../support/platform.ts';
import { header, readUntil } from '../../support/topic-reader.ts';

const seed = readFileSync(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url), 'utf8');
let platform: Platform;
let ingest: IngestService;
let providerKey: string;

interface Pending {
  finish(): void;
  readonly response: Promise<{ status: number; json: Record<string, unknown> }>;
}

/** A request whose headers and first half of the body are on the server; the rest is sent by `finish`. */
function startRequest(body: string): Pending {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  const { port } = new URL(ingest.url);
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/items', headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'text/plain; charset=utf-8', 'content-length': bytes.length } });
  const response = new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
    });
    req.on('error', reject);
  });
  req.write(bytes.subarray(0, half));
  return { finish: () => req.end(bytes.subarray(half)), response };
}

describe('graceful shutdown of the ingest service (real Kafka, registry, Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    const principals = testPrincipals();
    providerKey = principals.issueKey('wire-shutdown', 'Shutdown wire', 'provider');
    ingest = await startIngestService(platform, principals, 0);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('finishes requests in flight when stop() is called (202, on the topic) and refuses later ones', async () => {
    const inFlight = Array.from({ length: 8 }, (_, i) => startRequest(`${seed}\nShutdown paragraph ${i} ${Date.now()}.`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = ingest.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const late = await fetch(`${ingest.url}/v1/items`, { method: 'POST', body: seed, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'text/plain' } }).then(
      (response) => ({ kind: 'answered' as const, status: response.status }),
      (error: unknown) => ({ kind: 'connection-refused' as const, error }),
    );
    // Refused, never silently lost: an explicit 503 or a refused connection, both of which a producer retries.
    if (late.kind === 'answered') expect(late.status).toBe(503);

    for (const pending of inFlight) pending.finish();
    const answers = await Promise.all(inFlight.map((pending) => pending.response));
    await stopped;
    expect(answers.map((answer) => answer.status)).toEqual(inFlight.map(() => 202));

    const ids = new Set(answers.map((answer) => String(answer.json.submissionId)));
    const found = await readUntil(platform.kafka, platform.topics.submissions.name, (ms) => ms.filter((m) => ids.has(header(m, 'storyline-submission-id') ?? '')).length >= ids.size);
    expect(new Set(found.map((m) => header(m, 'storyline-submission-id')).filter((id) => ids.has(id ?? '')))).toEqual(ids);
  });
});
