/** Runs `work` repeatedly and reports the median rate: machines here are shared and noisy. */
export function medianRate(work: () => void, opsPerRun: number, runs = 7): number {
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(opsPerRun / seconds);
  }
  return median(rates);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface BenchRow {
  readonly name: string;
  readonly ours: { label: string; value: number };
  readonly baseline: { label: string; value: number };
  readonly unit: string;
  /** what the figures were measured over, printed under the table */
  readonly note?: string;
}

export function formatRows(rows: readonly BenchRow[]): string {
  const lines = rows.map((r) => {
    const ratio = r.ours.value / r.baseline.value;
    return `${r.name.padEnd(34)} ${r.ours.label.padEnd(22)} ${fmt(r.ours.value).padStart(12)}  vs  ${r.baseline.label.padEnd(26)} ${fmt(r.baseline.value).padStart(12)} ${r.unit.padEnd(10)} ratio ${ratio.toFixed(2)}`;
  });
  const notes = rows.flatMap((r) => (r.note ? [`${r.name}: ${r.note}`] : []));
  return ['benchmark                          ours                          median  vs  baseline                         median unit       ours/baseline', ...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
