import { describe, expect, it } from 'vitest';
import { cpuBetween, processCpuMs, sampleCpu } from '../../../services/bench/process-cpu.ts';
import { consumerHandleTotals, handleTimeBetween, highestSustainableRate, openLoopSchedule, percentile, summarize, type RatePoint } from '../../../services/bench/open-loop.ts';
import { CHART_SIZE, decades, latencyChartSvg, linearScale, logScale } from '../../../services/bench/latency-chart.ts';

describe('the open-loop schedule', () => {
  it('sends one request every 1/rate seconds, warm-up first, whatever the answers', () => {
    const schedule = openLoopSchedule(4, 1, 2);
    expect(schedule).toHaveLength(12);
    expect(schedule.map((s) => s.offsetMs)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500, 2750]);
    expect(schedule.filter((s) => s.phase === 'warmup').map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(schedule.filter((s) => s.phase === 'measure')).toHaveLength(8);
  });

  it('takes fractional rates and refuses a rate of zero', () => {
    expect(openLoopSchedule(0.5, 0, 10).map((s) => s.offsetMs)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(() => openLoopSchedule(0, 1, 1)).toThrow(RangeError);
  });
});

describe('latency percentiles', () => {
  it('are nearest-rank over the values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('rank a request never answered above every answered one', () => {
    const answered = Array.from({ length: 99 }, (_, i) => i + 1);
    expect(summarize(answered, 1)).toEqual({ count: 100, missing: 1, p50: 50, p95: 95, p99: 99, max: null });
    expect(summarize(answered.slice(0, 98), 2).p99).toBeNull();
    expect(summarize([30, 10, 20])).toMatchObject({ p50: 20, max: 30, missing: 0 });
  });
});

describe('the highest sustainable rate', () => {
  const point = (offeredRate: number, p99: number | null, achievedRate = offeredRate, missing = 0): RatePoint => ({ offeredRate, achievedRate, latency: { count: 100, missing, p50: 1, p95: 1, p99, max: p99 } });

  it('is the highest rate meeting the goal with every lower rate meeting it too', () => {
    expect(highestSustainableRate([point(10, 100), point(25, 300), point(50, 900), point(100, 400)], 500)).toBe(25);
    expect(highestSustainableRate([point(50, 400), point(10, 100)], 500)).toBe(50);
  });

  it('needs nothing left unanswered and the offered rate achieved', () => {
    expect(highestSustainableRate([point(10, 100), point(25, 300, 25, 1)], 500)).toBe(10);
    expect(highestSustainableRate([point(10, 100), point(25, 300, 20)], 500)).toBe(10);
    expect(highestSustainableRate([point(10, 600)], 500)).toBeNull();
    expect(highestSustainableRate([point(10, null, 10, 5)], 500)).toBeNull();
  });
});

describe('the latency chart', () => {
  it('maps linearly and by decades', () => {
    expect(linearScale(0, 100, 70, 570)(50)).toBe(320);
    expect(linearScale(5, 5, 0, 10)(5)).toBe(5);
    const y = logScale(10, 10_000, 400, 100);
    expect(y(10)).toBe(400);
    expect(y(10_000)).toBe(100);
    expect(y(100)).toBeCloseTo(300);
    expect(y(1)).toBe(400);
    expect(decades([12, 480, null, 5_800], 500)).toEqual({ min: 10, max: 10_000 });
    expect(decades([null])).toEqual({ min: 1, max: 1000 });
    expect(decades([100])).toEqual({ min: 100, max: 1000 });
  });

  it('draws one line per series inside the plot, with the goal, and marks unanswered points at the top', () => {
    const svg = latencyChartSvg({ title: 'a <b>', subtitle: 's', rates: [10, 50], goalMs: 500, series: [{ label: 'p99', color: '#000', values: [200, null] }, { label: 'base', color: '#777', dashed: true, values: [5, 8] }] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt;b&gt;');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('goal p99 500 ms');
    expect(svg).toContain('requests left unanswered');
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const [cx, cy] of xs) {
      expect(cx).toBeGreaterThanOrEqual(CHART_SIZE.left);
      expect(cx).toBeLessThanOrEqual(CHART_SIZE.width - CHART_SIZE.right);
      expect(cy).toBeGreaterThanOrEqual(CHART_SIZE.top);
      expect(cy).toBeLessThanOrEqual(CHART_SIZE.height - CHART_SIZE.bottom);
    }
  });
});

describe('consumer handler times from the pipeline process’s /metrics', () => {
  const page = (routerSum: number, routerCount: number) => [
    '# HELP storyline_consumer_handle_seconds x',
    `storyline_consumer_handle_seconds_bucket{le="0.1",consumer="dedupe-router"} 3`,
    `storyline_consumer_handle_seconds_sum{consumer="dedupe-router",services="api,router"} ${routerSum}`,
    `storyline_consumer_handle_seconds_count{consumer="dedupe-router"} ${routerCount}`,
    'storyline_consumer_handle_seconds_sum{services="api,router",consumer="enrich"} 0.5',
    'storyline_consumer_handle_seconds_count{consumer="enrich"} 10',
  ].join('\n');

  it('reads each consumer’s totals and the mean per message between two snapshots', () => {
    expect(consumerHandleTotals(page(1.5, 10)).get('dedupe-router')).toEqual({ seconds: 1.5, count: 10 });
    expect(handleTimeBetween(consumerHandleTotals(page(1.5, 10)), consumerHandleTotals(page(4.5, 20)))).toEqual({ 'dedupe-router': { messages: 10, meanMs: 300 }, enrich: { messages: 0, meanMs: null } });
    expect(consumerHandleTotals('')).toEqual(new Map());
  });
});

describe('CPU per process over a window, from /proc', () => {
  it('counts the CPU this process spends, per article and in cores, and none for a process that is gone', () => {
    const processes = new Map<string, number | undefined>([['self', process.pid], ['gone', 2 ** 22 + 1], ['unknown', undefined]]);
    const before = sampleCpu(processes);
    // Spin until this process has itself spent 150 ms of CPU (however busy the machine), then sample again.
    const cpuAtStart = process.cpuUsage();
    let spin = 0;
    while ((process.cpuUsage(cpuAtStart).user + process.cpuUsage(cpuAtStart).system) / 1000 < 150) spin += Math.sqrt(spin + 1);
    const use = cpuBetween(before, sampleCpu(processes), 10);
    expect(spin).toBeGreaterThan(0);
    expect(use.articles).toBe(10);
    // /proc counts in 10 ms ticks; the threads vitest runs beside this one count too.
    expect(use.processes.self!.ms).toBeGreaterThanOrEqual(130);
    expect(use.processes.self!.msPerArticle).toBeCloseTo(use.processes.self!.ms / 10, 0);
    expect(use.processes.self!.cores).toBeGreaterThan(0);
    expect(use.processes.gone).toBeNull();
    expect(use.processes.unknown).toBeNull();
    expect(use.machineCores).toBeGreaterThan(0);
  });

  it('reads a process’s time from its stat line whatever its command name holds', () => {
    expect(processCpuMs(process.pid)).toBeGreaterThan(0);
  });
});
