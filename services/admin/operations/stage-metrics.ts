/**
 * Throughput and latency per pipeline stage from the processes' prom-client registries (their JSON
 * form, `registry.getMetricsAsJSON()`): pure arithmetic over cumulative counters and histograms,
 * with no I/O and no clock (times come in as data).
 */

/** One metric as prom-client's `getMetricsAsJSON()` gives it (and `/metrics.json` serves it). */
export interface MetricJson {
  readonly name: string;
  readonly values: ReadonlyArray<{ readonly value: number; readonly labels: Readonly<Record<string, string | number | undefined>>; readonly metricName?: string }>;
}

/** A cumulative histogram: `buckets` are (upper bound, count of observations ≤ bound), ascending, ending at +Inf. */
export interface HistogramCounts {
  readonly buckets: ReadonlyArray<readonly [number, number]>;
  readonly sum: number;
  readonly count: number;
}

/** A stage's cumulative figures in one process. */
export interface StageCounters {
  readonly messages: number;
  readonly deadLetters: number;
  readonly handle: HistogramCounts;
  readonly age: HistogramCounts;
}

export const STAGE_METRICS = {
  messages: 'storyline_consumer_messages_total',
  deadLetters: 'storyline_consumer_dead_letters_total',
  handle: 'storyline_consumer_handle_seconds',
  age: 'storyline_consumer_message_age_seconds',
} as const;

const EMPTY_HISTOGRAM: HistogramCounts = { buckets: [], sum: 0, count: 0 };
export const EMPTY_STAGE: StageCounters = { messages: 0, deadLetters: 0, handle: EMPTY_HISTOGRAM, age: EMPTY_HISTOGRAM };

function consumerOf(labels: Readonly<Record<string, string | number | undefined>>): string | null {
  const consumer = labels.consumer;
  return typeof consumer === 'string' && consumer.length > 0 ? consumer : null;
}

function histogramsOf(metric: MetricJson | undefined): Map<string, HistogramCounts> {
  const parts = new Map<string, { buckets: Map<number, number>; sum: number; count: number }>();
  for (const value of metric?.values ?? []) {
    const consumer = consumerOf(value.labels);
    if (!consumer) continue;
    const part = parts.get(consumer) ?? { buckets: new Map<number, number>(), sum: 0, count: 0 };
    parts.set(consumer, part);
    if (value.metricName?.endsWith('_bucket')) {
      const le = value.labels.le === '+Inf' ? Infinity : Number(value.labels.le);
      if (!Number.isNaN(le)) part.buckets.set(le, (part.buckets.get(le) ?? 0) + value.value);
    } else if (value.metricName?.endsWith('_sum')) part.sum += value.value;
    else if (value.metricName?.endsWith('_count')) part.count += value.value;
  }
  return new Map([...parts].map(([consumer, part]) => [consumer, { buckets: [...part.buckets].sort((a, b) => a[0] - b[0]), sum: part.sum, count: part.count }]));
}

function countersBy(metric: MetricJson | undefined): Map<string, number> {
  const totals = new Map<string, number>();
  for (const value of metric?.values ?? []) {
    const consumer = consumerOf(value.labels);
    if (consumer) totals.set(consumer, (totals.get(consumer) ?? 0) + value.value);
  }
  return totals;
}

/** Each consumer's cumulative figures in one process's registry (summed over other labels, e.g. the dead-letter code). */
export function stageCountersOf(metrics: readonly MetricJson[]): Map<string, StageCounters> {
  const named = (name: string) => metrics.find((m) => m.name === name);
  const messages = countersBy(named(STAGE_METRICS.messages));
  const deadLetters = countersBy(named(STAGE_METRICS.deadLetters));
  const handle = histogramsOf(named(STAGE_METRICS.handle));
  const age = histogramsOf(named(STAGE_METRICS.age));
  const consumers = new Set([...messages.keys(), ...deadLetters.keys(), ...handle.keys(), ...age.keys()]);
  return new Map(
    [...consumers].map((consumer) => [
      consumer,
      { messages: messages.get(consumer) ?? 0, deadLetters: deadLetters.get(consumer) ?? 0, handle: handle.get(consumer) ?? EMPTY_HISTOGRAM, age: age.get(consumer) ?? EMPTY_HISTOGRAM },
    ]),
  );
}

function histogramDelta(before: HistogramCounts, after: HistogramCounts): HistogramCounts {
  const earlier = new Map(before.buckets);
  return { buckets: after.buckets.map(([le, count]) => [le, count - (earlier.get(le) ?? 0)] as const), sum: after.sum - before.sum, count: after.count - before.count };
}

/**
 * What happened between two readings of one process. Counters only grow while a process lives: a
 * smaller reading means the process restarted, and everything it reports now happened since.
 */
export function stageDelta(before: StageCounters, after: StageCounters): StageCounters {
  if (after.messages < before.messages || after.deadLetters < before.deadLetters || after.handle.count < before.handle.count || after.age.count < before.age.count) return after;
  return { messages: after.messages - before.messages, deadLetters: after.deadLetters - before.deadLetters, handle: histogramDelta(before.handle, after.handle), age: histogramDelta(before.age, after.age) };
}

function histogramSum(a: HistogramCounts, b: HistogramCounts): HistogramCounts {
  if (a.buckets.length === 0) return b;
  if (b.buckets.length === 0) return a;
  const counts = new Map(a.buckets);
  for (const [le, count] of b.buckets) counts.set(le, (counts.get(le) ?? 0) + count);
  return { buckets: [...counts].sort((x, y) => x[0] - y[0]), sum: a.sum + b.sum, count: a.count + b.count };
}

/** Two processes' figures of one stage together (several processes share a consumer group). */
export function addStageCounters(a: StageCounters, b: StageCounters): StageCounters {
  return { messages: a.messages + b.messages, deadLetters: a.deadLetters + b.deadLetters, handle: histogramSum(a.handle, b.handle), age: histogramSum(a.age, b.age) };
}

/**
 * The q-quantile of a cumulative histogram, interpolated linearly inside its bucket as Prometheus'
 * `histogram_quantile` does; a quantile in the +Inf bucket is the largest finite bound. Null when
 * nothing was observed.
 */
export function histogramQuantile(histogram: HistogramCounts, q: number): number | null {
  const total = histogram.buckets.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [le, count] of histogram.buckets) {
    if (count >= rank) {
      if (le === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? le : lowerBound + (le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}

export interface LatencyMs {
  readonly p50: number;
  readonly p95: number;
  readonly mean: number;
}

/** One stage over one sampling interval. */
export interface StagePoint {
  /** End of the interval, epoch ms. */
  readonly at: number;
  readonly seconds: number;
  /** Messages handled per second. */
  readonly perSecond: number;
  readonly deadLettersPerSecond: number;
  /** Handler time per message; null when the stage handled nothing in the interval. */
  readonly handleMs: LatencyMs | null;
  /** Record age when handled (CreateTime to done: the delay into and through the stage). */
  readonly ageMs: LatencyMs | null;
}

function latencyMs(histogram: HistogramCounts): LatencyMs | null {
  const p50 = histogramQuantile(histogram, 0.5);
  const p95 = histogramQuantile(histogram, 0.95);
  if (p50 === null || p95 === null || histogram.count <= 0) return null;
  const ms = (seconds: number) => Math.round(seconds * 100_000) / 100;
  return { p50: ms(p50), p95: ms(p95), mean: ms(histogram.sum / histogram.count) };
}

export function stagePoint(delta: StageCounters, at: number, seconds: number): StagePoint {
  const per = (n: number) => (seconds > 0 ? Math.round((n / seconds) * 1000) / 1000 : 0);
  return { at, seconds, perSecond: per(delta.messages), deadLettersPerSecond: per(delta.deadLetters), handleMs: latencyMs(delta.handle), ageMs: latencyMs(delta.age) };
}

/**
 * One interval of the whole pipeline: every source's readings before and after, by source id,
 * summed per stage. A source seen for the first time gives its baseline only.
 */
export function intervalPoints(before: ReadonlyMap<string, ReadonlyMap<string, StageCounters>>, after: ReadonlyMap<string, ReadonlyMap<string, StageCounters>>, at: number, seconds: number): Map<string, StagePoint> {
  const totals = new Map<string, StageCounters>();
  for (const [source, stages] of after) {
    const earlier = before.get(source);
    if (!earlier) continue;
    for (const [stage, counters] of stages) totals.set(stage, addStageCounters(totals.get(stage) ?? EMPTY_STAGE, stageDelta(earlier.get(stage) ?? EMPTY_STAGE, counters)));
  }
  return new Map([...totals].map(([stage, delta]) => [stage, stagePoint(delta, at, seconds)]));
}

export function totalsOf(readings: ReadonlyMap<string, ReadonlyMap<string, StageCounters>>): Map<string, { messages: number; deadLetters: number }> {
  const totals = new Map<string, { messages: number; deadLetters: number }>();
  for (const stages of readings.values())
    for (const [stage, counters] of stages) {
      const sum = totals.get(stage) ?? { messages: 0, deadLetters: 0 };
      totals.set(stage, { messages: sum.messages + counters.messages, deadLetters: sum.deadLetters + counters.deadLetters });
    }
  return totals;
}

/** What GET /ops/v1/metrics/stages answers (the console draws it; its browser code imports these types, so this file stays free of Node). */
export interface StageSeries {
  readonly stage: string;
  readonly topic: string;
  /** Since each process started, summed over the processes seen in the last sample. */
  readonly messages: number;
  readonly deadLetters: number;
  /** Oldest first, one per sampling interval. */
  readonly points: readonly StagePoint[];
}

export interface StagesView {
  readonly intervalSeconds: number;
  readonly sampledAt: number | null;
  readonly sources: ReadonlyArray<{ readonly id: string; readonly services: readonly string[]; readonly ok: boolean; readonly error?: string }>;
  readonly stages: readonly StageSeries[];
}
