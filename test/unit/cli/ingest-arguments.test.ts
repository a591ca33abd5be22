import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyResponse, formatOutcome, idempotencyKeyFor, INGEST_RETRY_POLICY, listInputs, resolveIngestSettings, retryDelayMs } from '../../../services/cli/commands/ingest-command.ts';

describe('storyline ingest: settings', () => {
  it('takes --key over STORYLINE_API_KEY and defaults the URL to the configured ingest port', () => {
    expect(resolveIngestSettings({ key: 'flag' }, { STORYLINE_API_KEY: 'env' }, 8080)).toEqual({
      ok: true,
      value: { endpoint: 'http://127.0.0.1:8080/v1/items', key: 'flag', contentType: 'application/octet-stream' },
    });
    expect(resolveIngestSettings({ url: 'https://ingest.example:9443/', contentType: 'application/nitf+xml' }, { STORYLINE_API_KEY: 'env' }, 8080)).toMatchObject({
      ok: true,
      value: { endpoint: 'https://ingest.example:9443/v1/items', key: 'env', contentType: 'application/nitf+xml' },
    });
  });

  it('refuses a missing key and a URL that is not http(s)', () => {
    expect(resolveIngestSettings({}, {}, 8080)).toMatchObject({ ok: false, message: expect.stringContaining('STORYLINE_API_KEY') });
    expect(resolveIngestSettings({ key: 'k', url: 'not a url' }, {}, 8080)).toMatchObject({ ok: false });
    expect(resolveIngestSettings({ key: 'k', url: 'ftp://host' }, {}, 8080)).toMatchObject({ ok: false, message: expect.stringContaining('http') });
  });
});

describe('storyline ingest: idempotency and retries', () => {
  it('derives the Idempotency-Key from the bytes alone, within the API limits', () => {
    const key = idempotencyKeyFor(Buffer.from('GENEVA (AP) — Talks.'));
    expect(key).toBe(idempotencyKeyFor(Buffer.from('GENEVA (AP) — Talks.')));
    expect(key).not.toBe(idempotencyKeyFor(Buffer.from('GENEVA (AP) — Talks!')));
    expect(key).toMatch(/^[\x21-\x7e]{1,200}$/);
  });

  it('backs off exponentially up to the cap and honours Retry-After', () => {
    const policy = { attempts: 5, initialDelayMs: 100, factor: 2, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelayMs(1, policy, 0.5)).toBe(500);
    expect(retryDelayMs(1, policy, 60)).toBe(1000);
    expect(INGEST_RETRY_POLICY.attempts).toBeGreaterThan(1);
  });

  it('retries 502/503/504 and a key still in flight; every other answer is final', () => {
    expect(classifyResponse(503, { code: 'kafka_write_failed' }, '5')).toEqual({ kind: 'retry', reason: '503 kafka_write_failed', retryAfterSeconds: 5 });
    expect(classifyResponse(409, { code: 'idempotency_key_in_flight' }, null)).toMatchObject({ kind: 'retry' });
    expect(classifyResponse(409, { code: 'idempotency_key_reused', detail: 'other content' }, null)).toEqual({ kind: 'refused', status: 409, code: 'idempotency_key_reused', detail: 'other content' });
    expect(classifyResponse(415, undefined, null)).toEqual({ kind: 'refused', status: 415, code: 'http_415', detail: '' });
    expect(classifyResponse(202, { submissionId: 'sub_1', replayed: true }, null)).toEqual({ kind: 'accepted', submissionIds: ['sub_1'], replayed: true });
    expect(classifyResponse(202, { items: [{ submissionId: 'sub_1' }, { submissionId: 'sub_2' }], replayed: false }, null)).toEqual({ kind: 'accepted', submissionIds: ['sub_1', 'sub_2'], replayed: false });
  });
});

describe('storyline ingest: inputs and output', () => {
  it('lists a folder recursively in order, skipping dot files and .tmp names', () => {
    const root = mkdtempSync(join(tmpdir(), 'storyline-cli-'));
    mkdirSync(join(root, 'b'));
    for (const name of ['c.txt', '.hidden', 'a.xml', 'half.txt.tmp', 'b/z.json']) writeFileSync(join(root, name), 'x');
    expect(listInputs(root)).toEqual([join(root, 'a.xml'), join(root, 'b', 'z.json'), join(root, 'c.txt')]);
    expect(listInputs(join(root, 'c.txt'))).toEqual([join(root, 'c.txt')]);
  });

  it('prints one line per file', () => {
    expect(formatOutcome('a.txt', { kind: 'accepted', submissionIds: ['sub_1'], replayed: false })).toBe('a.txt\t202 sub_1');
    expect(formatOutcome('a.txt', { kind: 'accepted', submissionIds: ['sub_1', 'sub_2'], replayed: true })).toBe('a.txt\t202 sub_1,sub_2 (replayed)');
    expect(formatOutcome('b.json', { kind: 'refused', status: 400, code: 'malformed_json', detail: 'unexpected end' })).toBe('b.json\t400 malformed_json: unexpected end');
    expect(formatOutcome('c.xml', { kind: 'retry', reason: 'fetch failed: connect ECONNREFUSED' })).toBe('c.xml\tgave up: fetch failed: connect ECONNREFUSED');
  });
});
