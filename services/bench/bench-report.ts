import { cpus, loadavg } from 'node:os';
import type { BenchRow } from './measure.ts';

export interface MachineReport {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  /** 1, 5 and 15 minute load averages when the run began and ended: other work on a shared machine weighs on every figure. */
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
}

export function machine(loadBefore: readonly number[]): MachineReport {
  const round = (values: readonly number[]) => values.map((v) => Math.round(v * 100) / 100);
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: { before: round(loadBefore), after: round(loadavg()) } };
}

export function machineLine(report: MachineReport): string {
  return `${report.cores} cores (${report.cpu}), Node ${report.node}; load average ${report.loadAverage.before.join(' / ')} at the start, ${report.loadAverage.after.join(' / ')} at the end`;
}

export function withRatio(row: BenchRow): BenchRow & { ratio: number } {
  return { ...row, ratio: Math.round((row.ours.value / row.baseline.value) * 1000) / 1000 };
}
