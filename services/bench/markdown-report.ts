import { machineLine, type MachineReport } from './bench-report.ts';
import type { E2eReport } from './e2e-latency-bench.ts';
import type { LatencySummary } from './open-loop.ts';
import type { BenchRow } from './measure.ts';
import type { LockShare } from './routing-lock-bench.ts';
import type { DecisionRate } from './temporal-decisions-bench.ts';

/** A run as `storyline bench --json` writes it: what the README's tables are rendered from. */
export interface BenchRun {
  readonly startedAt: string;
  readonly machine: MachineReport;
  readonly rows: ReadonlyArray<BenchRow & { ratio: number }>;
  readonly failures: ReadonlyArray<{ section: string; error: string }>;
  readonly e2e?: E2eReport | null;
  readonly routingLock?: readonly LockShare[] | null;
  readonly temporalDecisions?: readonly DecisionRate[] | null;
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const smallNumberFormat = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 3 });

function figure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '∞';
  const abs = Math.abs(value);
  if (abs >= 100) return numberFormat.format(Math.round(value));
  if (abs >= 10) return numberFormat.format(Math.round(value * 10) / 10);
  return smallNumberFormat.format(value);
}

function ratio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(2);
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function percentiles(summary: LatencySummary, keys: ReadonlyArray<'p50' | 'p95' | 'p99' | 'max'>): string {
  return keys.map((k) => figure(summary[k])).join(' / ');
}

function rowsTable(rows: BenchRun['rows']): string {
  return table(
    ['benchmark', 'ours', 'baseline', 'ratio'],
    rows.map((r) => [r.name, `${r.ours.label} ${figure(r.ours.value)} ${r.unit}`, `${r.baseline.label} ${figure(r.baseline.value)} ${r.unit}`, ratio(r.ratio)]),
  );
}

function e2eTable(e2e: E2eReport): string {
  const rows = e2e.rates.map((r) => [
    String(r.offeredRate),
    figure(r.achievedRate),
    percentiles(r.ack, ['p50', 'p99']),
    r.saturated ? `${percentiles(r.readable, ['p50', 'p95', 'p99', 'max'])} (saturated)` : percentiles(r.readable, ['p50', 'p95', 'p99', 'max']),
    figure(r.update.p99),
    percentiles(r.baseline, ['p50', 'p99']),
    ratio(r.ratioP99),
  ]);
  return [
    table(['offered /s', 'achieved /s', 'POST → 202 p50 / p99', 'POST → readable p50 / p95 / p99 / max', 'POST → story-updates p99', 'Kafka round trip p50 / p99 (baseline)', 'readable p99 / Kafka p99'], rows),
    '',
    `Highest rate with p99 POST → readable ≤ ${e2e.goalP99Ms} ms: ${e2e.highestSustainableRate === null ? 'none of those measured' : `${e2e.highestSustainableRate}/s`}${e2e.skippedRates.length > 0 ? `; not run (a lower rate saturated): ${e2e.skippedRates.join(', ')}/s` : ''}.`,
  ].join('\n');
}

function stagesTable(e2e: E2eReport): string {
  const stages = [...new Set(e2e.rates.flatMap((r) => Object.keys(r.stagesMedianMs)))];
  const consumers = [...new Set(e2e.rates.flatMap((r) => Object.keys(r.consumerHandle)))];
  return table(
    ['offered /s', ...stages.map((s) => `${s} (median ms)`), ...consumers.map((c) => `${c} handler (mean ms)`)],
    e2e.rates.map((r) => [String(r.offeredRate), ...stages.map((s) => figure(r.stagesMedianMs[s])), ...consumers.map((c) => figure(r.consumerHandle[c]?.meanMs))]),
  );
}

/** CPU per article by process; runs saved before it was measured have none. */
function cpuTable(e2e: E2eReport): string | null {
  const measured = e2e.rates.filter((r) => r.cpu);
  if (measured.length === 0) return null;
  const processes = [...new Set(measured.flatMap((r) => Object.keys(r.cpu.processes)))];
  return table(
    ['offered /s', ...processes.map((p) => `${p} (ms per article, cores)`), 'machine busy (cores)'],
    measured.map((r) => [String(r.offeredRate), ...processes.map((p) => {
      const use = r.cpu.processes[p];
      return use ? `${figure(use.msPerArticle)} (${use.cores})` : '–';
    }), figure(r.cpu.machineCores)]),
  );
}

function lockTable(shares: readonly LockShare[]): string {
  const optional = (value: number | undefined, format: (v: number) => string) => (value === undefined ? '–' : format(value));
  const locked = (s: LockShare) => s.mode !== 'optimistic';
  return table(
    ['stream', 'router processes', 'routing', 'items/s', 'lock wait p50 / p99 / max (ms)', 'hold p50 / mean (ms)', 'routing time spent waiting', 'steps run again per item (time lost to them)', 'CPU per item: routers / Redis (ms)', 'decisions as one router under the lock'],
    shares.map((s) => [
      s.stream ?? 'generated wire',
      String(s.routers),
      s.mode === 'optimistic' ? 'lock-free' : s.mode === 'locked' ? 'global lock' : (s.mode ?? '–'),
      figure(s.itemsPerSecond),
      locked(s) ? percentiles(s.wait, ['p50', 'p99', 'max']) : '–',
      locked(s) ? `${figure(s.hold.p50)} / ${figure(s.hold.mean)}` : '–',
      locked(s) ? `${(s.waitShare * 100).toFixed(1)} %` : '–',
      locked(s) ? '–' : optional(s.conflictsPerItem, (v) => `${v}${s.conflictShare === undefined ? '' : ` (${(s.conflictShare * 100).toFixed(1)} %)`}`),
      s.cpuMsPerItem ? `${figure(s.cpuMsPerItem.routers)} / ${figure(s.cpuMsPerItem.redis)}` : '–',
      optional(s.sameDecisions, (v) => `${(v * 100).toFixed(1)} %`),
    ]),
  );
}

function temporalTable(rates: readonly DecisionRate[]): string {
  return table(
    ['signals/s offered', 'decisions/s', 'signal → decision appended p50 / p99 (ms)'],
    rates.map((r) => [String(r.offeredRate), `${figure(r.decisionsPerSecond)}${r.keptUp ? '' : ' (not kept up)'}`, percentiles(r.latency, ['p50', 'p99'])]),
  );
}

/** The README's benchmark tables, all from one run. */
export function markdownReport(run: BenchRun, source: string): string {
  const parts = [
    `<!-- rendered by \`npx storyline bench --markdown-from ${source}\` -->`,
    `One run, started ${run.startedAt}: ${machineLine(run.machine)}.`,
    '',
    rowsTable(run.rows),
  ];
  if (run.failures.length > 0) parts.push('', ...run.failures.map((f) => `- section failed: ${f.section}: ${f.error}`));
  if (run.e2e && run.e2e.rates.length > 0) parts.push('', `**End to end** (${run.e2e.pipeline}; ${run.e2e.data}), latencies in ms:`, '', e2eTable(run.e2e), '', 'Where the time goes, per rate:', '', stagesTable(run.e2e));
  const cpu = run.e2e ? cpuTable(run.e2e) : null;
  if (cpu) parts.push('', 'CPU per acknowledged article, by process, from the first request to the end of the drain:', '', cpu);
  if (run.routingLock && run.routingLock.length > 0) parts.push('', '**Routing with 1, 2 and 4 router processes**:', '', lockTable(run.routingLock));
  if (run.temporalDecisions && run.temporalDecisions.length > 0) parts.push('', '**Temporal story decisions**:', '', temporalTable(run.temporalDecisions));
  return `${parts.join('\n')}\n`;
}
