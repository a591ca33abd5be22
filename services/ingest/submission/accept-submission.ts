import { createHash } from 'node:crypto';
import { itemUri } from '../../contracts/item-uri.ts';
import type { Article, Submission } from '../../contracts/types.generated.ts';
import { parseItems, type ParseError, type ParseResult } from '../parsers/index.ts';
import type { Principal } from '../providers/provider-store.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import type { SubmissionPublisher } from './submission-publisher.ts';

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
  readonly publisher: SubmissionPublisher;
  readonly idempotency: IdempotencyStore;
  readonly newSubmissionId: () => string;
  readonly now: () => number;
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
  const sha256 = createHash('sha256').update(item.bytes).digest('hex');

  const accepted: ItemAcceptance[] = [];
  // Sequential, in document order: after a failed write the producer's retry (same key) replays the
  // items already written and writes the rest.
  for (const [index, { format, article }] of parsed.items.entries()) {
    const submissionId = index === 0 ? firstId : deps.newSubmissionId();
    const idempotencyKey = item.idempotencyKey === undefined ? undefined : itemIdempotencyKey(item.idempotencyKey, index);
    const step = await acceptOne(item, { format, article: applyDeclaredIdentity({ ...article, raw: { ...article.raw, submissionId } }, item.declared) }, { submissionId, receivedAt, sha256, idempotencyKey }, deps);
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
  { format, article }: ParsedItem,
  at: { submissionId: string; receivedAt: number; sha256: string; idempotencyKey: string | undefined },
  deps: AcceptDependencies,
): Promise<ItemStep> {
  const { submissionId, receivedAt, sha256, idempotencyKey } = at;
  if (idempotencyKey !== undefined) {
    const reservation = await deps.idempotency.reserve(item.provider.id, idempotencyKey, sha256, submissionId);
    switch (reservation.kind) {
      case 'reserved':
        break;
      case 'replay':
        return { kind: 'replayed', submissionId: reservation.submissionId };
      case 'in-flight':
        return { kind: 'idempotency-in-flight' };
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
  try {
    const written = await deps.publisher.publish(submission);
    if (idempotencyKey !== undefined) await deps.idempotency.complete(item.provider.id, idempotencyKey, sha256, submissionId);
    return { kind: 'accepted', submissionId, itemUri: article.uri, providerItemId: article.providerItemId, providerVersion: article.providerVersion, format, ...written };
  } catch (error) {
    // Not written: free the key so the producer's retry is not mistaken for a replay.
    if (idempotencyKey !== undefined) await deps.idempotency.release(item.provider.id, idempotencyKey);
    throw error;
  }
}
