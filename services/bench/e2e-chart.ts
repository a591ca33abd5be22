import type { MachineReport } from './bench-report.ts';
import type { E2eReport } from './e2e-latency-bench.ts';
import { latencyChartSvg } from './latency-chart.ts';

/** The e2e section's curves: POST → readable p50/p95/p99, POST → story-updates p99, the ingest ack and the Kafka baseline. */
export function e2eChart(report: E2eReport, machine: MachineReport, startedAt: string): string {
  const rates = report.rates.map((r) => r.offeredRate);
  const first = report.rates[0];
  return latencyChartSvg({
    title: `Storyline end-to-end latency vs offered load (${startedAt.slice(0, 10)})`,
    subtitle: `Reuters-21578 ninjs POSTs, open loop, ${first ? `${first.warmupSeconds} s warm-up + ${first.measureSeconds} s measured per rate` : ''}; ${machine.cores} cores, load ${machine.loadAverage.before[0]} → ${machine.loadAverage.after[0]}`,
    rates,
    goalMs: report.goalP99Ms,
    series: [
      { label: 'readable p50', color: '#9ecae1', values: report.rates.map((r) => r.readable.p50) },
      { label: 'readable p95', color: '#4292c6', values: report.rates.map((r) => r.readable.p95) },
      { label: 'readable p99', color: '#08306b', values: report.rates.map((r) => r.readable.p99) },
      { label: 'story-updates p99', color: '#e6550d', values: report.rates.map((r) => r.update.p99) },
      { label: 'POST → 202 p99', color: '#31a354', values: report.rates.map((r) => r.ack.p99) },
      { label: 'Kafka round trip p99', color: '#777', dashed: true, values: report.rates.map((r) => r.baseline.p99) },
    ],
  });
}
