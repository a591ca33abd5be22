import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { AvroCodec } from '../../../services/contracts/avro-codec.ts';
import type { Submission } from '../../../services/contracts/types.generated.ts';
import { dispositionForThrown } from '../../../services/ingest/drop-folder/file-disposition.ts';
import { acceptSubmission, type AcceptDependencies, type IncomingItem } from '../../../services/ingest/submission/accept-submission.ts';
import { IdempotencyStore, judgeReservation, PENDING_TTL_SECONDS, STALE_RESERVATION_MS, type IdempotencyLedger, type LedgerEntry, type Reservation } from '../../../services/ingest/submission/idempotency-store.ts';
import { SubmissionPublisher, type SubmissionLog } from '../../../services/ingest/submission/submission-publisher.ts';
import { WriteBreaker } from '../../../services/ingest/submission/write-breaker.ts';
import { StorylineError } from '../../../services/shared/errors.ts';

/** The ledger's rules on a map (the Redis adapter is exercised by the integration tier); `failNext` makes its next calls throw as Redis would. */
class MapLedger implements IdempotencyLedger {
  readonly entries = new Map<string, LedgerEntry>();
  failNext = 0;
  /** the ledger's clock */
  now = 0;
  private async check(): Promise<void> {
    await Promise.resolve();
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new StorylineError('redis_unavailable', 'Redis is down', 'retriable');
    }
  }
  async reserve(p: string, k: string, fingerprint: string, submissionId: string): Promise<Reservation> {
    await this.check();
    const found = this.entries.get(`${p}:${k}`);
    if (!found) {
      this.entries.set(`${p}:${k}`, { fingerprint, submissionId, state: 'pending', reservedAt: this.now });
      return { kind: 'reserved', submissionId };
    }
    const judged = judgeReservation(found, fingerprint, this.now);
    if (judged.kind !== 'take-over') return judged;
    this.entries.set(`${p}:${k}`, { fingerprint, submissionId: judged.submissionId, state: 'pending', reservedAt: this.now });
    return { kind: 'reserved', submissionId: judged.submissionId };
  }
  async complete(p: string, k: string, fingerprint: string, submissionId: string): Promise<void> {
    await this.check();
    this.entries.set(`${p}:${k}`, { fingerprint, submissionId, state: 'done' });
  }
  async markSettling(p: string, k: string, fingerprint: string, submissionId: string): Promise<void> {
    await this.check();
    this.entries.set(`${p}:${k}`, { fingerprint, submissionId, state: 'settling', reservedAt: this.now });
  }
  async release(p: string, k: string): Promise<void> {
    await this.check();
    this.entries.delete(`${p}:${k}`);
  }
}

class RecordingLog implements SubmissionLog {
  readonly written: Submission[] = [];
  next: (() => Promise<void>) | null = null;
  async publish(submission: Submission) {
    const hold = this.next;
    this.next = null;
    if (hold) await hold();
    this.written.push(submission);
    return { partition: 0, offset: String(this.written.length - 1) };
  }
}

const SEED = Buffer.from('Talks resume\n\nGENEVA (Reuters) - Talks resumed on Monday in Geneva.\n');
let ids = 0;
function setup(deadlineMs = 200) {
  const ledger = new MapLedger();
  const log = new RecordingLog();
  const warnings: string[] = [];
  const deps: AcceptDependencies = {
    publisher: log,
    idempotency: ledger,
    breaker: new WriteBreaker({ deadlineMs, coolDownMs: 60_000 }),
    newSubmissionId: () => `sub_${(ids += 1)}`,
    now: () => Date.UTC(2022, 0, 22),
    warn: (message) => warnings.push(message),
    ledgerRetryMs: 5,
  };
  return { ledger, log, deps, warnings };
}
const item = (extra: Partial<IncomingItem> = {}): IncomingItem => ({
  provider: { id: 'wire', name: 'Wire', kind: 'provider', scopes: ['items:write'] },
  bytes: SEED,
  contentType: 'text/plain',
  idempotencyKey: 'key-1',
  channel: 'http',
  ...extra,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Idempotency-Key when Redis fails after the Kafka acknowledgement', () => {
  it('answers 202 (the item is in the log) and a retry with the key does not write it again (was: 500, then a second write)', async () => {
    const { ledger, log, deps, warnings } = setup();
    log.next = () => {
      ledger.failNext = 2;
      return Promise.resolve();
    };
    const first = await acceptSubmission(item(), deps);
    expect(first).toMatchObject({ kind: 'accepted' });
    expect(warnings[0]).toMatch(/could not be recorded/);
    await sleep(50);
    const retry = await acceptSubmission(item(), deps);
    expect(retry).toEqual({ kind: 'replayed', submissionId: (first as { submissionId: string }).submissionId });
    expect(log.written).toHaveLength(1);
  });

  it('Redis down before the write is a 503 with Retry-After, within about a second, and nothing is written (was: 500)', async () => {
    const hanging = { set: () => new Promise(() => undefined), get: () => new Promise(() => undefined), del: () => new Promise(() => undefined) } as unknown as Redis;
    const { log, deps } = setup();
    const started = performance.now();
    const error = await acceptSubmission(item(), { ...deps, idempotency: new IdempotencyStore(hanging) }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'redis_unavailable', disposition: 'retriable' });
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(log.written).toHaveLength(0);
  });

  it('the pending mark outlives a send with its bounded retries (was: 60 s)', () => {
    expect(PENDING_TTL_SECONDS).toBeGreaterThanOrEqual(300);
  });
});

describe('an Idempotency-Key whose holder died mid-request (an ingest process SIGKILLed)', () => {
  it('is in flight for a moment, then a retry takes it over and writes under the submission id it held (was: 409 for 120 s and more)', async () => {
    const { ledger, log, deps } = setup(60_000);
    log.next = () => new Promise<void>(() => undefined);
    void acceptSubmission(item(), deps);
    await sleep(10);
    const held = ledger.entries.get('wire:key-1')!;
    expect(held.state).toBe('pending');

    ledger.now = STALE_RESERVATION_MS - 1;
    expect(await acceptSubmission(item(), deps)).toEqual({ kind: 'idempotency-in-flight' });
    ledger.now = STALE_RESERVATION_MS;
    const retry = await acceptSubmission(item(), deps);
    expect(retry).toMatchObject({ kind: 'accepted', submissionId: held.submissionId });
    expect(log.written.map((s) => [s.submissionId, s.article.raw.submissionId])).toEqual([[held.submissionId, held.submissionId]]);
    expect(await acceptSubmission(item(), deps)).toEqual({ kind: 'replayed', submissionId: held.submissionId });
  });

  it('takes over neither a finished key nor another request’s', () => {
    const entry: LedgerEntry = { fingerprint: 'f', submissionId: 'sub-1', state: 'done', reservedAt: 0 };
    expect(judgeReservation(entry, 'f', STALE_RESERVATION_MS * 10)).toEqual({ kind: 'replay', submissionId: 'sub-1' });
    expect(judgeReservation({ ...entry, state: 'pending' }, 'g', STALE_RESERVATION_MS * 10)).toEqual({ kind: 'conflict' });
    expect(judgeReservation({ ...entry, state: 'settling' }, 'f', STALE_RESERVATION_MS * 10)).toEqual({ kind: 'take-over', submissionId: 'sub-1' });
  });

  it('replays an entry of an earlier release, which holds the body’s hash only, for the same bytes (was: 409 for a day after an upgrade)', () => {
    const legacy = { sha256: 'body-hash', submissionId: 'sub-old', state: 'done' as const };
    expect(judgeReservation(legacy, 'request-fingerprint', 0, 'body-hash')).toEqual({ kind: 'replay', submissionId: 'sub-old' });
    expect(judgeReservation(legacy, 'request-fingerprint', 0, 'other-body')).toEqual({ kind: 'conflict' });
    expect(judgeReservation(legacy, 'request-fingerprint', 0)).toEqual({ kind: 'conflict' });
  });
});

describe('the fingerprint covers the identity headers', () => {
  it('the same key and bytes with another Storyline-Item-Id is a conflict, not a replay of the first item (was: replayed, second item never written)', async () => {
    const { log, deps } = setup();
    expect(await acceptSubmission(item({ declared: { itemId: 'a-1' } }), deps)).toMatchObject({ kind: 'accepted', providerItemId: 'a-1' });
    expect(await acceptSubmission(item({ declared: { itemId: 'b-2' } }), deps)).toEqual({ kind: 'idempotency-conflict' });
    expect(await acceptSubmission(item({ declared: { itemId: 'a-1', version: 2 } }), deps)).toEqual({ kind: 'idempotency-conflict' });
    expect(await acceptSubmission(item({ declared: { itemId: 'a-1' } }), deps)).toMatchObject({ kind: 'replayed' });
    expect(log.written).toHaveLength(1);
  });
});

describe('a broker that does not answer', () => {
  it('answers 503 after the deadline, keeps the key until the write settles, answers later requests 503 at once, then frees the key', async () => {
    const { ledger, log, deps } = setup(150);
    let fail: (error: Error) => void = () => undefined;
    log.next = () => new Promise<void>((_, reject) => (fail = reject));
    const started = performance.now();
    const error = await acceptSubmission(item(), deps).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'kafka_unavailable', retryAfterSeconds: expect.any(Number) });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ledger.entries.get('wire:key-1')?.state).toBe('settling');
    const open = await acceptSubmission(item({ idempotencyKey: 'key-2' }), deps).catch((thrown: unknown) => thrown);
    expect(open).toMatchObject({ code: 'kafka_unavailable' });
    expect(ledger.entries.has('wire:key-2')).toBe(false);
    fail(new StorylineError('kafka_write_failed', 'gave up', 'retriable'));
    await sleep(10);
    expect(ledger.entries.has('wire:key-1')).toBe(false);
  });

  it('a write that lands after the request gave up completes the key, so the retry replays it', async () => {
    const { ledger, log, deps } = setup(100);
    let land: () => void = () => undefined;
    log.next = () => new Promise<void>((resolve) => (land = resolve));
    await acceptSubmission(item(), deps).catch(() => undefined);
    land();
    await sleep(10);
    expect(ledger.entries.get('wire:key-1')?.state).toBe('done');
    expect(log.written).toHaveLength(1);
  });
});

describe('records Kafka refuses as too large', () => {
  const tooLarge = new KafkaJSProtocolError({ message: 'The request included a message larger than the max message size the server will accept', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false } as unknown as Error);
  const publisher = (error: Error) =>
    new SubmissionPublisher({ send: () => Promise.reject(error) } as unknown as Producer, { encode: () => Buffer.alloc(1) } as unknown as AvroCodec<Submission>, 'wire.submissions.v1');
  const submission = { submissionId: 's', providerId: 'p', article: { providerItemId: 'i', raw: { format: 'NINJS' } } } as unknown as Submission;

  it('are poison, never retriable (was: wrapped as retriable, so 503 for ever and a drop folder retrying for ever)', async () => {
    await expect(publisher(tooLarge).publish(submission)).rejects.toMatchObject({ code: 'record_too_large', disposition: 'poison' });
    const error = await publisher(tooLarge).publish(submission).catch((thrown: unknown) => thrown);
    expect(dispositionForThrown(error)).toMatchObject({ kind: 'failed', error: { code: 'too_large' } });
  });

  it('an outage stays retriable, even when kafkajs gave up retrying', async () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(new Error('Connection error: connect ECONNREFUSED'), { retryCount: 5, retryTime: 2000 });
    await expect(publisher(exhausted).publish(submission)).rejects.toMatchObject({ code: 'kafka_write_failed', disposition: 'retriable' });
  });

  it('does not trip the breaker: the next item is written', async () => {
    const { log, deps } = setup();
    log.next = () => Promise.reject(new StorylineError('record_too_large', 'too large', 'poison'));
    await expect(acceptSubmission(item(), deps)).rejects.toMatchObject({ code: 'record_too_large' });
    expect(await acceptSubmission(item(), deps)).toMatchObject({ kind: 'accepted' });
  });
});
