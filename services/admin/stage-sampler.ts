import type { Redis } from 'ioredis';
import { z } from 'zod';
import { listProcesses } from '../runtime/process-registry.ts';
import { intervalPoints, stageCountersOf, totalsOf, type MetricJson, type StageCounters, type StagePoint, type StagesView } from './operations/stage-metrics.ts';

export type { StagesView };

/** A process whose prom-client registry the sampler reads. */
export interface MetricsSource {
  readonly id: string;
  readonly services: readonly string[];
  read(): Promise<readonly MetricJson[]>;
}

export interface StageSamplerOptions {
  readonly sources: () => Promise<readonly MetricsSource[]>;
  /** The pipeline's stages in flow order, with the topic each reads. */
  readonly stages: ReadonlyArray<{ readonly name: string; readonly topic: string }>;
  readonly intervalMs: number;
  /** Points kept per stage (a ring). */
  readonly keep: number;
  readonly now?: () => number;
}

type Readings = Map<string, Map<string, StageCounters>>;

/**
 * Samples every process's consumer metrics on an interval and keeps the last `keep` intervals per
 * stage: what the console's throughput and latency charts draw. In memory: a restart of the admin
 * API starts the charts afresh.
 */
export class StageSampler {
  private previous: { at: number; readings: Readings } | null = null;
  private readonly series = new Map<string, StagePoint[]>();
  private sourceStates: StagesView['sources'] = [];
  private sampling: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: StageSamplerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
  }

  /** One reading of every source; concurrent calls share it. */
  sample(): Promise<void> {
    this.sampling ??= this.read().finally(() => (this.sampling = null));
    return this.sampling;
  }

  private async read(): Promise<void> {
    const sources = await this.options.sources().catch(() => [] as MetricsSource[]);
    const readings: Readings = new Map();
    this.sourceStates = await Promise.all(
      sources.map(async (source) => {
        try {
          readings.set(source.id, stageCountersOf(await source.read()));
          return { id: source.id, services: source.services, ok: true };
        } catch (error) {
          return { id: source.id, services: source.services, ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const at = this.now();
    if (this.previous) {
      const points = intervalPoints(this.previous.readings, readings, at, (at - this.previous.at) / 1000);
      for (const stage of new Set([...this.options.stages.map((s) => s.name), ...points.keys()])) {
        const kept = this.series.get(stage) ?? [];
        kept.push(points.get(stage) ?? { at, seconds: (at - this.previous.at) / 1000, perSecond: 0, deadLettersPerSecond: 0, handleMs: null, ageMs: null });
        if (kept.length > this.options.keep) kept.splice(0, kept.length - this.options.keep);
        this.series.set(stage, kept);
      }
    }
    this.previous = { at, readings };
  }

  view(): StagesView {
    const totals = this.previous ? totalsOf(this.previous.readings) : new Map<string, { messages: number; deadLetters: number }>();
    const known = this.options.stages.map((s) => s.name);
    const extra = [...this.series.keys()].filter((name) => !known.includes(name)).map((name) => ({ name, topic: '' }));
    return {
      intervalSeconds: this.options.intervalMs / 1000,
      sampledAt: this.previous?.at ?? null,
      sources: this.sourceStates,
      stages: [...this.options.stages, ...extra].map((stage) => ({ stage: stage.name, topic: stage.topic, messages: totals.get(stage.name)?.messages ?? 0, deadLetters: totals.get(stage.name)?.deadLetters ?? 0, points: this.series.get(stage.name) ?? [] })),
    };
  }
}

const MetricsJson = z
  .array(
    z.object({
      name: z.string().max(200),
      values: z.array(z.object({ value: z.number(), labels: z.record(z.string(), z.union([z.string(), z.number()]).optional()), metricName: z.string().max(200).optional() })).max(10_000),
    }),
  )
  .max(2_000);

const MAX_METRICS_BYTES = 4 * 1024 * 1024;

/** A process's `/metrics.json` (its registry as prom-client's JSON), parsed and bounded. */
export async function readMetricsJson(opsUrl: string, timeoutMs: number): Promise<MetricJson[]> {
  const response = await fetch(`${opsUrl}/metrics.json`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${opsUrl}/metrics.json answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_METRICS_BYTES) throw new Error(`${opsUrl}/metrics.json is larger than ${MAX_METRICS_BYTES} bytes`);
  return MetricsJson.parse(JSON.parse(text));
}

/**
 * Every live process of the environment (the process registry in Redis), read over its operations
 * port, and the admin API's own process when it runs the pipeline embedded (`storyline start`),
 * which has no operations port.
 */
export function pipelineMetricsSources(redis: Redis, local: MetricsSource | null, timeoutMs = 2_000): () => Promise<MetricsSource[]> {
  return async () => {
    const processes = await listProcesses(redis);
    const remote = processes.map((process): MetricsSource => ({ id: process.id, services: process.services, read: () => readMetricsJson(process.opsUrl, timeoutMs) }));
    return local ? [local, ...remote] : remote;
  };
}
