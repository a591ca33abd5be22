/**
 * The pure arithmetic of the end-to-end latency benchmark: when an open-loop load sends each request,
 * latency percentiles that count requests never answered, and the highest offered rate that still met
 * the latency goal. No clock, no I/O: the benchmark passes times in.
 */

export type Phase = 'warmup' | 'measure';

export interface ScheduledRequest {
  readonly index: number;
  /** Milliseconds after the start of the rate's run. */
  readonly offsetMs: number;
  readonly phase: Phase;
}

/**
 * One request every 1/rate seconds for warm-up plus measure seconds, whatever happened to the earlier
 * ones (open loop): a pipeline that falls behind does not slow the offered load down, so its queueing
 * shows in the latencies instead of hiding in a lower send rate (coordinated omission).
 */
export function openLoopSchedule(ratePerSecond: number, warmupSeconds: number, measureSeconds: number): ScheduledRequest[] {
  if (!(ratePerSecond > 0)) throw new RangeError(`rate must be > 0, got ${ratePerSecond}`);
  const warmup = Math.round(ratePerSecond * warmupSeconds);
  const total = warmup + Math.round(ratePerSecond * measureSeconds);
  const interval = 1000 / ratePerSecond;
  return Array.from({ length: total }, (_, index) => ({ index, offsetMs: index * interval, phase: index < warmup ? 'warmup' : 'measure' }));
}

/** Nearest-rank percentile of ascending values (p in 0..100); Infinity stands for a request never answered. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(Math.max(rank, 1), sortedAscending.length) - 1]!;
}

export interface LatencySummary {
  /** Requests the summary is over, answered or not. */
  readonly count: number;
  /** Requests with no answer within the wait (counted as slower than every answered one). */
  readonly missing: number;
  /** Milliseconds; null when the percentile falls on a request never answered. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/**
 * Percentiles over the observed latencies plus `missing` requests never observed, which rank above
 * every observed one: a pipeline that loses or strands 2 % of its requests has no finite p99.
 */
export function summarize(latenciesMs: readonly number[], missing = 0): LatencySummary {
  const sorted = [...latenciesMs, ...Array.from({ length: missing }, () => Number.POSITIVE_INFINITY)].sort((a, b) => a - b);
  const at = (p: number) => {
    const value = percentile(sorted, p);
    return Number.isFinite(value) ? Math.round(value * 10) / 10 : null;
  };
  return { count: sorted.length, missing, p50: at(50), p95: at(95), p99: at(99), max: sorted.length === 0 ? null : at(100) };
}

export interface RatePoint {
  readonly offeredRate: number;
  /** Requests whose outcome was observed per second of the measure window. */
  readonly achievedRate: number;
  readonly latency: LatencySummary;
}

/**
 * The highest offered rate at which the pipeline kept up: p99 within the goal, nothing left
 * unanswered, and at least 95 % of the offered rate achieved — at that rate and at every lower one
 * measured (a curve that dips below the goal again above a failing rate is noise, not capacity).
 * Null when even the lowest rate missed it.
 */
export function highestSustainableRate(points: readonly RatePoint[], p99GoalMs: number): number | null {
  let best: number | null = null;
  for (const point of [...points].sort((a, b) => a.offeredRate - b.offeredRate)) {
    const { p99, missing } = point.latency;
    const met = p99 !== null && p99 <= p99GoalMs && missing === 0 && point.achievedRate >= 0.95 * point.offeredRate;
    if (!met) break;
    best = point.offeredRate;
  }
  return best;
}

/** Per consumer, the handler's total seconds and message count from a Prometheus text page (`storyline_consumer_handle_seconds`). */
export function consumerHandleTotals(metricsText: string): Map<string, { seconds: number; count: number }> {
  const totals = new Map<string, { seconds: number; count: number }>();
  // The process adds its own default labels (services="…") beside the consumer's.
  for (const match of metricsText.matchAll(/^storyline_consumer_handle_seconds_(sum|count)\{([^}]*)\} ([\d.eE+-]+)$/gm)) {
    const consumer = /(?:^|,)consumer="([^"]+)"/.exec(match[2]!)?.[1];
    if (!consumer) continue;
    const entry = totals.get(consumer) ?? { seconds: 0, count: 0 };
    if (match[1] === 'sum') entry.seconds = Number(match[3]);
    else entry.count = Number(match[3]);
    totals.set(consumer, entry);
  }
  return totals;
}

/** Mean handler time per message (ms) and messages handled between two snapshots, per consumer. */
export function handleTimeBetween(before: ReadonlyMap<string, { seconds: number; count: number }>, after: ReadonlyMap<string, { seconds: number; count: number }>): Record<string, { messages: number; meanMs: number | null }> {
  const result: Record<string, { messages: number; meanMs: number | null }> = {};
  for (const [consumer, end] of after) {
    const start = before.get(consumer) ?? { seconds: 0, count: 0 };
    const messages = end.count - start.count;
    result[consumer] = { messages, meanMs: messages > 0 ? Math.round(((end.seconds - start.seconds) / messages) * 10_000) / 10 : null };
  }
  return result;
}
