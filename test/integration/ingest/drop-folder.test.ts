import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecFor } from '../../../services/contracts/avro-codec.ts';
import type { Submission } from '../../../services/contracts/types.generated.ts';
import { startDropFolder } from '../../../services/ingest/drop-folder/drop-folder.ts';
import { startIngestService, type IngestService } from '../../../services/ingest/ingest-service.ts';
import type { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';
import type { SubmissionPublisher } from '../../../services/ingest/submission/submission-publisher.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { retriable } from '../../../services/shared/errors.ts';
import { testPlatform, testPrincipals } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { header, readUntil } from '../../support/topic-reader.ts';

const seed = readFileSync(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url));
let platform: Platform;
let principals: PrincipalStore;
let ingest: IngestService;
let dropDir: string;
let provider: string;

/** As a well-behaved producer does: write under a .tmp name, then rename into place. */
function drop(name: string, bytes: Buffer | string, into = provider): string {
  const folder = join(dropDir, into);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}.tmp`), bytes);
  renameSync(join(folder, `${name}.tmp`), join(folder, name));
  return join(folder, name);
}

async function eventually<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const inFolder = (sub: 'done' | 'failed', name: string) => (existsSync(join(dropDir, provider, sub, name)) ? true : undefined);

describe('the watched drop folder (real Kafka, registry, Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    principals = testPrincipals();
    provider = runId('drop');
    principals.issueKey(provider, 'Drop wire', 'provider');
    principals.issueKey('site-reader', 'A consumer', 'consumer');
    dropDir = mkdtempSync(join(tmpdir(), 'storyline-drop-'));
    ingest = await startIngestService(platform, principals, 0, dropDir, { pollIntervalMs: 100 });
  });
  afterAll(async () => {
    await ingest?.stop();
    await platform?.close();
  });

  it('submits a good file once, moves it to done/, and a second drop of the same bytes is a replay, not a second submission', async () => {
    drop('geneva.txt', seed);
    await eventually(() => inFolder('done', 'geneva.txt'));
    drop('geneva.txt', seed);
    await eventually(() => inFolder('done', 'geneva-2.txt'));

    const codec = await codecFor<Submission>(platform.catalog, platform.registry, platform.topics.submissions);
    const mine = (ms: Parameters<Parameters<typeof readUntil>[2]>[0]) => ms.filter((m) => header(m, 'storyline-provider') === provider);
    const messages = mine(await readUntil(platform.kafka, platform.topics.submissions.name, (ms) => mine(ms).length >= 1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages).toHaveLength(1);
    const submission = await codec.decode(messages[0]!.value!);
    expect(submission).toMatchObject({ channel: 'folder', providerId: provider, article: { located: { city: 'Geneva', date: '2022-01-22' } } });
    expect(submission.idempotencyKey).toMatch(new RegExp(`^folder:${provider}:[0-9a-f]{64}$`));
    expect(Buffer.compare(submission.raw, seed)).toBe(0);
  });

  it('moves a refused file to failed/ with a .error naming code, message and field', async () => {
    drop('broken.json', '{"uri": "x", "headline": "Talks", "body_text": "GENEVA (AP) — Talks.", "versioncreated": "yesterday"}');
    await eventually(() => inFolder('failed', 'broken.json'));
    const error = JSON.parse(readFileSync(join(dropDir, provider, 'failed', 'broken.json.error'), 'utf8')) as Record<string, unknown>;
    expect(error).toMatchObject({ code: 'invalid_value', message: expect.stringContaining('versioncreated'), field: '/versioncreated' });
    expect(existsSync(join(dropDir, provider, 'broken.json'))).toBe(false);
  });

  it('leaves alone files still being written, dot files, and folders of unknown or non-provider principals', async () => {
    const folder = join(dropDir, provider);
    writeFileSync(join(folder, 'partial.txt.tmp'), seed);
    writeFileSync(join(folder, '.hidden'), seed);
    const stranger = drop('geneva.txt', seed, 'no-such-provider');
    const consumer = drop('geneva.txt', seed, 'site-reader');
    drop('marker.txt', `${seed.toString()}\nA marker paragraph.`);
    await eventually(() => inFolder('done', 'marker.txt'));
    expect(readdirSync(folder).sort()).toEqual(['.hidden', 'done', 'failed', 'partial.txt.tmp']);
    expect(existsSync(stranger) && existsSync(consumer)).toBe(true);
  });

  it('leaves a file in place while Kafka does not acknowledge, and submits it once Kafka is back', async () => {
    let kafkaDown = true;
    const publisher = {
      publish: (submission: Submission) =>
        kafkaDown ? Promise.reject(retriable('kafka_write_failed', 'Kafka did not acknowledge the submission')) : ingest.accept.publisher.publish(submission),
    } as unknown as SubmissionPublisher;
    const outageDir = mkdtempSync(join(tmpdir(), 'storyline-drop-outage-'));
    const folder = startDropFolder(platform, principals, { ...ingest.accept, publisher }, outageDir, { pollIntervalMs: 50 });
    try {
      mkdirSync(join(outageDir, provider));
      const path = join(outageDir, provider, 'outage.txt');
      writeFileSync(path, `${seed.toString()}\nWritten during an outage.`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(existsSync(path)).toBe(true);
      expect(existsSync(join(outageDir, provider, 'failed'))).toBe(false);
      kafkaDown = false;
      await eventually(() => (existsSync(join(outageDir, provider, 'done', 'outage.txt')) ? true : undefined));
    } finally {
      await folder.stop();
    }
  });
});
