import { describeError, StorylineError } from '../../shared/errors.ts';
import type { Acceptance } from '../submission/accept-submission.ts';

export interface FileError {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Where a dropped file goes: `done/`, `failed/` with its `.error`, or nowhere yet (tried again on a later poll). */
export type FileDisposition =
  | { kind: 'done'; submissionIds: string[] }
  | { kind: 'failed'; error: FileError }
  | { kind: 'retry'; reason: string };

export function dispositionFor(acceptance: Acceptance): FileDisposition {
  switch (acceptance.kind) {
    case 'accepted':
    case 'replayed':
      return { kind: 'done', submissionIds: [acceptance.submissionId] };
    case 'accepted-items':
      return { kind: 'done', submissionIds: acceptance.items.map((item) => item.submissionId) };
    case 'refused':
      return { kind: 'failed', error: acceptance.error };
    case 'idempotency-conflict':
      // The key is derived from the file's hash, so the same key with other bytes means a hash collision or a bug.
      return { kind: 'failed', error: { code: 'idempotency_key_reused', message: 'the idempotency key derived from this file was used with different content' } };
    case 'idempotency-in-flight':
      return { kind: 'retry', reason: 'the same file is being written by another submission' };
    default: {
      const unreachable: never = acceptance;
      return unreachable;
    }
  }
}

/**
 * What is thrown on the way in is an outage (Kafka not acknowledging, Redis unreachable), not a
 * property of the file: it stays where it is and is tried again. The exception is an error that is
 * not retriable (a record Kafka refuses as too large): the same file would fail the same way for ever.
 */
export function dispositionForThrown(error: unknown): FileDisposition {
  if (error instanceof StorylineError && error.disposition === 'poison') {
    return { kind: 'failed', error: { code: error.code === 'record_too_large' ? 'too_large' : error.code, message: describeError(error) } };
  }
  return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
}
