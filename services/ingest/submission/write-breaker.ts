import { StorylineError } from '../../shared/errors.ts';

export interface BreakerOptions {
  /** How long a request waits for Kafka's acknowledgement before it answers 503. */
  readonly deadlineMs: number;
  /** How long, after a write timed out or failed retriably, requests answer 503 at once. */
  readonly coolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { deadlineMs: 1000, coolDownMs: 5000 };

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type WriteOutcome<T> =
  | { kind: 'written'; value: T }
  | { kind: 'failed'; error: unknown }
  /** The deadline passed: the write goes on in the producer and settles later, either way. */
  | { kind: 'gave-up'; settled: Promise<Settled<T>> };

/**
 * A circuit breaker in front of the Kafka write, fed by the writes themselves. kafkajs' idempotent
 * producer retries a send for as long as it takes, so a producer would wait minutes on a broker that
 * is down: a write gets `deadlineMs`, after which the request answers 503, and for `coolDownMs` after a
 * timeout or a retriable failure new requests answer 503 without writing. The next write after the
 * cool-down is the probe.
 */
export class WriteBreaker {
  private openUntil = 0;

  constructor(
    private readonly options: BreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until writes are tried again, or null when they are tried now. */
  retryAfterSeconds(): number | null {
    const left = this.openUntil - this.now();
    return left > 0 ? Math.max(1, Math.ceil(left / 1000)) : null;
  }

  async attempt<T>(write: () => Promise<T>): Promise<WriteOutcome<T>> {
    const settled: Promise<Settled<T>> = write().then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error }),
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), this.options.deadlineMs)));
    const first = await Promise.race([settled, deadline]);
    clearTimeout(timer);
    if (first === 'deadline') {
      this.trip();
      return { kind: 'gave-up', settled };
    }
    if (first.ok) {
      this.openUntil = 0;
      return { kind: 'written', value: first.value };
    }
    if (first.error instanceof StorylineError && first.error.disposition === 'retriable') this.trip();
    return { kind: 'failed', error: first.error };
  }

  private trip(): void {
    this.openUntil = this.now() + this.options.coolDownMs;
  }
}
