import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestService, type IngestService } from '../../../services/ingest/ingest-service.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform, testPrincipals } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { header, readUntil } from '../../support/topic-reader.ts';

const BIN = fileURLToPath(new URL('../../../services/cli/bin.mjs', import.meta.url));
const seed = readFileSync(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url), 'utf8');
let platform: Platform;
let ingest: IngestService;
let providerKey: string;

const newsItem = (guid: string, headline: string) => `<newsItem guid="${guid}" version="1" xml:lang="en"><itemMeta><itemClass qcode="ninat:text"/>
<versionCreated>2022-01-22T10:00:00Z</versionCreated></itemMeta><contentMeta><headline>${headline}</headline></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>GENEVA (Acme) - ${headline}.</p></body></html></inlineXML></contentSet></newsItem>`;

const newsMessage = (...items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>${items.join('')}<newsItem guid="urn:pic"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem></itemSet></newsMessage>`;

async function storyline(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const running = promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  running.child.stdin?.end(stdin);
  try {
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('producer-facing ingest (real Kafka, registry, Redis)', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    const principals = testPrincipals();
    providerKey = principals.issueKey('wire-producer', 'Producer wire', 'provider');
    ingest = await startIngestService(platform, principals, 0);
  });
  afterAll(async () => {
    await ingest?.stop();
    await platform?.close();
  });

  it('accepts each text item of a newsMessage as its own submission, and replays them all under the same key', async () => {
    const tag = runId('g2');
    const body = newsMessage(newsItem(`urn:${tag}:1`, 'Talks open'), newsItem(`urn:${tag}:2`, 'Talks close'));
    const post = () =>
      fetch(`${ingest.url}/v1/items`, { method: 'POST', body, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/vnd.iptc.g2.newsmessage+xml', 'idempotency-key': tag } });
    const first = await post();
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { items: Array<{ submissionId: string; providerItemId: string; replayed: boolean }>; replayed: boolean };
    expect(accepted.replayed).toBe(false);
    expect(accepted.items.map((item) => item.providerItemId)).toEqual([`urn:${tag}:1`, `urn:${tag}:2`]);

    const again = (await (await post()).json()) as { items: Array<{ submissionId: string }>; replayed: boolean };
    expect(again.replayed).toBe(true);
    expect(again.items.map((item) => item.submissionId)).toEqual(accepted.items.map((item) => item.submissionId));

    const ids = new Set(accepted.items.map((item) => item.submissionId));
    const messages = await readUntil(platform.kafka, platform.topics.submissions.name, (ms) => ms.filter((m) => ids.has(header(m, 'storyline-submission-id') ?? '')).length >= 2);
    expect(messages.filter((m) => ids.has(header(m, 'storyline-submission-id') ?? ''))).toHaveLength(2);
  });

  it('refuses a whole newsMessage when one of its text items is broken', async () => {
    const body = newsMessage(newsItem('urn:ok', 'Talks open'), '<newsItem version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta></newsItem>');
    const response = await fetch(`${ingest.url}/v1/items`, { method: 'POST', body, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/xml' } });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'missing_field', field: expect.stringContaining('@guid') });
  });

  it('storyline ingest posts a folder, prints a line per file, exits 1 on a refusal, and a re-run replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storyline-ingest-cli-'));
    writeFileSync(join(dir, 'a-geneva.txt'), `${seed}\nCLI paragraph ${runId('cli')}.`);
    writeFileSync(join(dir, 'b-broken.json'), '{"headline": ');
    const run = () => storyline(['ingest', dir, '--url', ingest.url], { STORYLINE_API_KEY: providerKey });

    const first = await run();
    expect(first.code, first.stderr).toBe(1);
    const [good, bad] = first.stdout.trim().split('\n');
    expect(good).toMatch(/a-geneva\.txt\t202 sub_\S+$/);
    expect(bad).toMatch(/b-broken\.json\t400 malformed_json: /);

    const second = await run();
    const submissionId = /202 (sub_\S+)/.exec(good!)?.[1];
    expect(second.stdout.split('\n')[0]).toContain(`202 ${submissionId} (replayed)`);

    const stdin = await storyline(['ingest', '-', '--url', ingest.url, '--key', 'sk_000000000000.AAAAAAAAAAAAAAAAAAAA'], {}, seed);
    expect(stdin.code).toBe(1);
    expect(stdin.stdout).toMatch(/^stdin\t401 invalid_credentials/);
  }, 60_000);

  it('storyline ingest retries a refused connection a few times, then reports it and exits 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'storyline-ingest-cli-')), 'a.txt');
    writeFileSync(file, seed);
    const { code, stdout } = await storyline(['ingest', file, '--url', 'http://127.0.0.1:9', '--key', providerKey]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/a\.txt\tgave up: fetch failed/);
  }, 60_000);
});
