import { createHash } from 'node:crypto';
import type { Submission } from '../../contracts/types.generated.ts';
import { parseItem, type ParseError } from '../parsers/index.ts';
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
}

export type Acceptance =
  | { kind: 'accepted'; submissionId: string; itemUri: string; providerItemId: string; providerVersion: number; format: string; partition: number; offset: string }
  | { kind: 'replayed'; submissionId: string }
  | { kind: 'refused'; error: ParseError }
  | { kind: 'idempotency-conflict' }
  | { kind: 'idempotency-in-flight' };

export interface AcceptDependencies {
  readonly publisher: SubmissionPublisher;
  readonly idempotency: IdempotencyStore;
  readonly newSubmissionId: () => string;
  readonly now: () => number;
}

/**
 * The one path every item takes in, whatever the channel: parse, honour the idempotency key,
 * write to the log, and only then report acceptance. Nothing is acknowledged before Kafka has it.
 */
export async function acceptSubmission(item: IncomingItem, deps: AcceptDependencies): Promise<Acceptance> {
  const submissionId = deps.newSubmissionId();
  const receivedAt = deps.now();
  const parsed = parseItem({ bytes: item.bytes, contentType: item.contentType, provider: { id: item.provider.id, name: item.provider.name }, submissionId, receivedAt });
  if (!parsed.ok) return { kind: 'refused', error: parsed.error };

  const sha256 = createHash('sha256').update(item.bytes).digest('hex');
  if (item.idempotencyKey !== undefined) {
    const reservation = await deps.idempotency.reserve(item.provider.id, item.idempotencyKey, sha256, submissionId);
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
    idempotencyKey: item.idempotencyKey ?? null,
    channel: item.channel,
    contentType: item.contentType ?? parsed.article.raw.contentType,
    raw: item.bytes,
    article: parsed.article,
  };
  try {
    const written = await deps.publisher.publish(submission);
    if (item.idempotencyKey !== undefined) await deps.idempotency.complete(item.provider.id, item.idempotencyKey, sha256, submissionId);
    return { kind: 'accepted', submissionId, itemUri: parsed.article.uri, providerItemId: parsed.article.providerItemId, providerVersion: parsed.article.providerVersion, format: parsed.format, ...written };
  } catch (error) {
    // Not written: free the key so the producer's retry is not mistaken for a replay.
    if (item.idempotencyKey !== undefined) await deps.idempotency.release(item.provider.id, item.idempotencyKey);
    throw error;
  }
}
