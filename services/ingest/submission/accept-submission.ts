import { createHash } from 'node:crypto';
import { itemUri } from '../../contracts/item-uri.ts';
import type { Article, Submission } from '../../contracts/types.generated.ts';
import { parseItems, type ParseError, type ParseResult } from '../parsers/index.ts';
import type { Principal } from '../../shared/auth/principal-store.ts';
import { retriable, type StorylineError } from '../../shared/errors.ts';
import type { IdempotencyLedger } from './idempotency-store.ts';
import type { SubmissionLog, WrittenRecord } from './submission-publisher.ts';
import type { WriteBreaker } from './write-breaker.ts';

export type Channel = 'http' | 'cli' | 'folder';

export interface IncomingItem {
  readonly provider: Principal;
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly channel: Channel;
  /** Identity declared beside the copy, for formats that carry none (plain text): item id and version. */
  readonly declared?: DeclaredIdentity;
}

export interface DeclaredIdentity {
  readonly itemId?: string;
  readonly version?: number;
}

/** A declared identity wins over what the parser derived; it applies to single-item documents only. */
export function applyDeclaredIdentity(article: Article, declared: DeclaredIdentity | undefined): Article {
  if (!declared) return article;
  const providerItemId = declared.itemId ?? article.providerItemId;
  const providerVersion = declared.version ?? article.providerVersion;
  return { ...article, providerItemId, providerVersion, version: String(providerVersion), uri: itemUri(article.provider.id, providerItemId) };
}

/** The outcome for one item written to the log (or found there already, under the same Idempotency-Key). */
export type ItemAcceptance =
  | { kind: 'accepted'; submissionId: string; itemUri: string; providerItemId: string; providerVersion: number; format: string; partition: number; offset: string }
  | { kind: 'replayed'; submissionId: string };

export type Acceptance =
  | ItemAcceptance
  /** A NewsML-G2 newsMessage with several text items: each became its own submission, in document order. */
  | { kind: 'accepted-items'; items: ItemAcceptance[] }
  | { kind: 'refused'; error: ParseError }
  | { kind: 'idempotency-conflict' }
  | { kind: 'idempotency-in-flight' };

export interface AcceptDependencies {
  readonly publisher: SubmissionLog;
  readonly idempotency: IdempotencyLedger;
  readonly breaker: WriteBreaker;
  readonly newSubmissionId: () => string;
  readonly now: () => number;
  /** Bookkeeping that failed after the item was written (it is retried in the background). */
  readonly warn: (message: string, error: unknown) => void;
  /** Waits between background attempts to record a completion; the tests shorten it. */
  readonly ledgerRetryMs?: number;
}

/** A dependency is down: 503 with `Retry-After`. */
export function unavailable(code: string, message: string, retryAfterSeconds: number, cause?: unknown): StorylineError & { retryAfterSeconds: number } {
  return Object.assign(retriable(code, message, cause), { retryAfterSeconds });
}

/**
 * What an Idempotency-Key stands for: the bytes and everything that decides which item they become
 * (content type, declared item id and version). Reusing a key for another item is a conflict, as
 * Stripe answers it, never a replay of the first answer.
 */
export function requestFingerprint(item: Pick<IncomingItem, 'bytes' | 'contentType' | 'declared'>): string {
  return createHash('sha256')
    .update(JSON.stringify([item.contentType?.trim().toLowerCase() ?? null, item.declared?.itemId ?? null, item.declared?.version ?? null]))
    .update('\n')
    .update(item.bytes)
    .digest('hex');
}

export type ParsedItem = { readonly format: string; readonly article: Article };
export type ItemsToAccept = { ok: true; items: ParsedItem[] } | { ok: false; error: ParseError };

/**
 * Which items of a document are accepted: every text item, or none. Non-text items of a newsMessage
 * (packages, pictures) are skipped, but one broken text item refuses the whole document so that a
 * producer never gets a 202 for a message of which a story was silently dropped.
 */
export function itemsToAccept(results: readonly ParseResult[]): ItemsToAccept {
  const broken = results.find((result) => !result.ok && result.error.code !== 'unsupported_item_type');
  if (broken && !broken.ok) return { ok: false, error: broken.error };
  const items = results.flatMap((result) => (result.ok ? [{ format: result.format, article: result.article }] : []));
  if (items.length > 0) return { ok: true, items };
  const first = results[0];
  return { ok: false, error: first && !first.ok ? first.error : { code: 'empty_body', message: 'the document carries no item' } };
}

/** Item i > 0 of a multi-item request is idempotent under its own key; the space keeps it apart from any client key (those are spaceless tokens). */
export function itemIdempotencyKey(requestKey: string, index: number): string {
  return index === 0 ? requestKey : `${requestKey} item-${index}`;
}

type ItemStep = ItemAcceptance | { kind: 'idempotency-conflict' } | { kind: 'idempotency-in-flight' };

const LEDGER_ATTEMPTS = 60;

/**
 * The one path every item takes in, whatever the channel: parse, honour the idempotency key,
 * write to the log, and only then report acceptance. Nothing is acknowledged before Kafka has it.
 */
export async function acceptSubmission(item: IncomingItem, deps: AcceptDependencies): Promise<Acceptance> {
  const firstId = deps.newSubmissionId();
  const receivedAt = deps.now();
  const parsed = itemsToAccept(parseItems({ bytes: item.bytes, contentType: item.contentType, provider: { id: item.provider.id, name: item.provider.name }, submissionId: firstId, receivedAt }));
  if (!parsed.ok) return { kind: 'refused', error: parsed.error };
  if (item.declared && parsed.items.length > 1) return { kind: 'refused', error: { code: 'invalid_value', message: 'an item id or version can only be declared for a document with one item', field: 'Storyline-Item-Id' } };
  const sha256 = requestFingerprint(item);
  // What Idempotency-Key entries of earlier releases hold; hashed only when a key is given.
  const bodyDigest = item.idempotencyKey === undefined ? undefined : createHash('sha256').update(item.bytes).digest('hex');
  const closedFor = deps.breaker.retryAfterSeconds();
  if (closedFor !== null) throw unavailable('kafka_unavailable', 'Kafka did not acknowledge recent writes in time; not trying again yet', closedFor);

  const accepted: ItemAcceptance[] = [];
  // Sequential, in document order: after a failed write the producer's retry (same key) replays the
  // items already written and writes the rest.
  for (const [index, { format, article }] of parsed.items.entries()) {
    const submissionId = index === 0 ? firstId : deps.newSubmissionId();
    const idempotencyKey = item.idempotencyKey === undefined ? undefined : itemIdempotencyKey(item.idempotencyKey, index);
    const step = await acceptOne(item, { format, article: applyDeclaredIdentity({ ...article, raw: { ...article.raw, submissionId } }, item.declared) }, { submissionId, receivedAt, sha256, bodyDigest, idempotencyKey }, deps);
    switch (step.kind) {
      case 'accepted':
      case 'replayed':
        accepted.push(step);
        break;
      case 'idempotency-conflict':
      case 'idempotency-in-flight':
        return step;
      default: {
        const unreachable: never = step;
        return unreachable;
      }
    }
  }
  return parsed.items.length === 1 && accepted[0] ? accepted[0] : { kind: 'accepted-items', items: accepted };
}

async function acceptOne(
  item: IncomingItem,
  parsed: ParsedItem,
  at: { submissionId: string; receivedAt: number; sha256: string; bodyDigest: string | undefined; idempotencyKey: string | undefined },
  deps: AcceptDependencies,
): Promise<ItemStep> {
  const { format } = parsed;
  let { article } = parsed;
  const { receivedAt, sha256, bodyDigest, idempotencyKey } = at;
  let { submissionId } = at;
  if (idempotencyKey !== undefined) {
    const reservation = await deps.idempotency.reserve(item.provider.id, idempotencyKey, sha256, submissionId, bodyDigest);
    switch (reservation.kind) {
      case 'reserved':
        // A stale reservation taken over: written under its id, a write of the dead holder that landed is the same submission.
        submissionId = reservation.submissionId;
        article = { ...article, raw: { ...article.raw, submissionId } };
        break;
      case 'replay':
        return { kind: 'replayed', submissionId: reservation.submissionId };
      case 'in-flight':
        return { kind: 'idempotency-in-flight' };
      case 'settling':
        throw unavailable('kafka_unavailable', 'an earlier request with this Idempotency-Key is still waiting for Kafka', 2);
      case 'conflict':
        return { kind: 'idempotency-conflict' };
      default: {
        const unreachable: never = reservation;
        return unreachable;
      }
    }
  }

  const submission: Submission = {
    submissionId,
    receivedAt,
    providerId: item.provider.id,
    idempotencyKey: idempotencyKey ?? null,
    channel: item.channel,
    contentType: item.contentType ?? article.raw.contentType,
    raw: item.bytes,
    article,
  };
  const accepted = (written: WrittenRecord): ItemStep => ({ kind: 'accepted', submissionId, itemUri: article.uri, providerItemId: article.providerItemId, providerVersion: article.providerVersion, format, ...written });
  const ledger = idempotencyKey === undefined ? null : { providerId: item.provider.id, key: idempotencyKey, fingerprint: sha256, submissionId };
  const outcome = await deps.breaker.attempt(() => deps.publisher.publish(submission));
  switch (outcome.kind) {
    case 'written':
      // Kafka has it: the answer is 202 whatever happens to the bookkeeping, which is retried until recorded.
      if (ledger) await recordCompletion(ledger, deps);
      return accepted(outcome.value);
    case 'failed':
      // Not written: free the key so the producer's retry is not mistaken for a replay.
      if (ledger) await deps.idempotency.release(ledger.providerId, ledger.key).catch((error: unknown) => deps.warn('could not release an Idempotency-Key', error));
      throw outcome.error;
    case 'gave-up': {
      // The write may still land: the key stays taken (as settling) until it settles, then is completed or freed.
      if (ledger) {
        await deps.idempotency.markSettling(ledger.providerId, ledger.key, ledger.fingerprint, ledger.submissionId).catch((error: unknown) => deps.warn('could not mark an Idempotency-Key as settling', error));
        void outcome.settled.then((settled) =>
          settled.ok ? recordCompletion(ledger, deps) : deps.idempotency.release(ledger.providerId, ledger.key).catch((error: unknown) => deps.warn('could not release an Idempotency-Key', error)),
        );
      }
      throw unavailable('kafka_unavailable', 'Kafka did not acknowledge the submission in time', Math.max(1, deps.breaker.retryAfterSeconds() ?? 1));
    }
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

interface LedgerEntry {
  readonly providerId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly submissionId: string;
}

/** Records a written item under its key; when Redis fails, keeps trying in the background (within the pending mark's lifetime). */
async function recordCompletion(entry: LedgerEntry, deps: AcceptDependencies, attempt = 1): Promise<void> {
  try {
    await deps.idempotency.complete(entry.providerId, entry.key, entry.fingerprint, entry.submissionId);
  } catch (error) {
    if (attempt === 1) deps.warn(`submission ${entry.submissionId} is written but its Idempotency-Key could not be recorded; retrying in the background`, error);
    if (attempt >= LEDGER_ATTEMPTS) return;
    setTimeout(() => void recordCompletion(entry, deps, attempt + 1), deps.ledgerRetryMs ?? 2000).unref();
  }
}
