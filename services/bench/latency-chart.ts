/**
 * The end-to-end latency curves as a standalone SVG, built as a string (no charting dependency):
 * latency percentiles against the offered rate, milliseconds on a log axis, with the goal drawn in.
 */

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** One value per rate, in milliseconds; null = not finite (requests left unanswered), drawn at the top edge. */
  readonly values: ReadonlyArray<number | null>;
}

export interface LatencyChart {
  readonly title: string;
  readonly subtitle: string;
  readonly rates: readonly number[];
  readonly series: readonly ChartSeries[];
  /** A horizontal goal line, e.g. p99 ≤ 500 ms. */
  readonly goalMs?: number;
}

export const CHART_SIZE = { width: 760, height: 440, left: 70, right: 190, top: 56, bottom: 52 } as const;

/** A linear map from [d0, d1] onto [r0, r1]; a domain of one point maps to the middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** A log10 map from [d0, d1] (both > 0) onto [r0, r1]; values below d0 clamp to it. */
export function logScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const lin = linearScale(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => lin(Math.log10(Math.max(v, d0)));
}

/** Powers of ten covering the values: the y axis's decades. */
export function decades(values: ReadonlyArray<number | null>, goalMs?: number): { min: number; max: number } {
  const finite = [...values, goalMs ?? null].filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  if (finite.length === 0) return { min: 1, max: 1000 };
  const min = 10 ** Math.floor(Math.log10(Math.min(...finite)));
  const max = 10 ** Math.ceil(Math.log10(Math.max(...finite)));
  return { min, max: max === min ? min * 10 : max };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

function msLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

export function latencyChartSvg(chart: LatencyChart): string {
  const { width, height, left, right, top, bottom } = CHART_SIZE;
  const plot = { x0: left, x1: width - right, y0: height - bottom, y1: top };
  const { min, max } = decades(chart.series.flatMap((s) => s.values), chart.goalMs);
  const y = logScale(min, max, plot.y0, plot.y1);
  const maxRate = Math.max(...chart.rates, 1);
  const x = linearScale(0, maxRate, plot.x0, plot.x1);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`);
  parts.push(`<text x="${left}" y="40" fill="#555">${escapeXml(chart.subtitle)}</text>`);
  for (let decade = min; decade <= max; decade *= 10) {
    const yy = y(decade).toFixed(1);
    parts.push(`<line x1="${plot.x0}" x2="${plot.x1}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    parts.push(`<text x="${plot.x0 - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" fill="#333">${msLabel(decade)}</text>`);
  }
  for (const rate of chart.rates) {
    const xx = x(rate).toFixed(1);
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${plot.y0}" y2="${plot.y1}" stroke="#eee"/>`);
    parts.push(`<text x="${xx}" y="${plot.y0 + 16}" text-anchor="middle" fill="#333">${rate}</text>`);
  }
  parts.push(`<line x1="${plot.x0}" x2="${plot.x1}" y1="${plot.y0}" y2="${plot.y0}" stroke="#333"/>`);
  parts.push(`<line x1="${plot.x0}" x2="${plot.x0}" y1="${plot.y0}" y2="${plot.y1}" stroke="#333"/>`);
  parts.push(`<text x="${(plot.x0 + plot.x1) / 2}" y="${height - 12}" text-anchor="middle">offered load (articles/s, open loop)</text>`);
  parts.push(`<text transform="translate(16 ${(plot.y0 + plot.y1) / 2}) rotate(-90)" text-anchor="middle">latency (log scale)</text>`);
  if (chart.goalMs !== undefined) {
    const yy = y(chart.goalMs).toFixed(1);
    parts.push(`<line x1="${plot.x0}" x2="${plot.x1}" y1="${yy}" y2="${yy}" stroke="#c00" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${plot.x1 - 4}" y="${Number(yy) - 5}" text-anchor="end" fill="#c00">goal p99 ${msLabel(chart.goalMs)}</text>`);
  }
  chart.series.forEach((series, i) => {
    const points = chart.rates.map((rate, j) => ({ x: x(rate), value: series.values[j] ?? null }));
    const coords = points.map((p) => `${p.x.toFixed(1)},${(p.value === null ? plot.y1 : y(p.value)).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''} points="${coords.join(' ')}"/>`);
    for (const p of points) {
      const yy = p.value === null ? plot.y1 : y(p.value);
      parts.push(p.value === null ? `<path d="M${(p.x - 5).toFixed(1)},${(yy + 8).toFixed(1)} L${p.x.toFixed(1)},${(yy - 1).toFixed(1)} L${(p.x + 5).toFixed(1)},${(yy + 8).toFixed(1)} Z" fill="${series.color}"><title>${escapeXml(series.label)}: requests left unanswered</title></path>` : `<circle cx="${p.x.toFixed(1)}" cy="${yy.toFixed(1)}" r="3" fill="${series.color}"><title>${escapeXml(series.label)}: ${p.value} ms</title></circle>`);
    }
    const ly = top + 10 + i * 20;
    parts.push(`<line x1="${plot.x1 + 16}" x2="${plot.x1 + 40}" y1="${ly}" y2="${ly}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${plot.x1 + 46}" y="${ly}" dominant-baseline="middle">${escapeXml(series.label)}</text>`);
  });
  parts.push(`<text x="${plot.x1 + 16}" y="${top + 14 + chart.series.length * 20}" fill="#555" font-size="10">▲ at the top: requests left</text>`);
  parts.push(`<text x="${plot.x1 + 16}" y="${top + 27 + chart.series.length * 20}" fill="#555" font-size="10">unanswered (no finite value)</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
