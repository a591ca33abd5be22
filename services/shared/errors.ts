/**
 * Errors carry a stable code and a retry decision: retriable → retry with a named policy;
 * poison → dead-letter with the reason; anything else is a bug and crashes loudly.
 */
export type ErrorDisposition = 'retriable' | 'poison';

export class StorylineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly disposition: ErrorDisposition,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorylineError';
  }
}

export const retriable = (code: string, message: string, cause?: unknown) => new StorylineError(code, message, 'retriable', { cause });
export const poison = (code: string, message: string, cause?: unknown) => new StorylineError(code, message, 'poison', { cause });

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : ` (cause: ${describeError(error.cause)})`;
  return `${error.message}${cause}`;
}
