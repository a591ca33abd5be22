import { niceCeiling, seriesPath, type ChartSeries } from './chart-geometry.ts';

export type { ChartSeries };

/** Distinguishable on white at 3:1 or more, in this order. */
const COLOURS = ['#0b4f9c', '#b35900', '#1e7a34', '#8a1f8a', '#8a1111', '#3b3b3b'] as const;
const WIDTH = 400;
const HEIGHT = 170;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const PAD = { left: 46, right: 6, top: 8, bottom: 20 } as const;

/**
 * A time-series line chart as plain SVG (nothing to install, nothing fetched). The legend under it
 * says each line's latest value in words, which is also what a screen reader gets.
 */
export function LineChart({ id, title, unit, series, format = (v) => (Number.isInteger(v) || v >= 10 ? v.toFixed(0) : v.toFixed(1)) }: { id: string; title: string; unit: string; series: readonly ChartSeries[]; format?: (value: number) => string }) {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => (p.y === null ? [] : [p.y])));
  const [x0, x1] = xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const top = niceCeiling(Math.max(0, ...ys));
  const x = (v: number) => PAD.left + ((v - x0) / Math.max(1, x1 - x0)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const latest = (s: ChartSeries) => [...s.points].reverse().find((p) => p.y !== null)?.y ?? null;
  return (
    <figure class="chart" data-chart={id}>
      <figcaption id={`${id}-title`}>
        <strong>{title}</strong> <span class="muted">({unit})</span>
      </figcaption>
      {new Set(xs).size < 2 ? (
        <p class="muted">Collecting: a point every few seconds.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-legend`}>
          {[0, 0.5, 1].map((f) => (
            <g key={f} class="grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(top * f)} y2={y(top * f)} />
              <text x={PAD.left - 4} y={y(top * f) + 4} text-anchor="end">
                {format(top * f)}
              </text>
            </g>
          ))}
          <text class="axis" x={PAD.left} y={HEIGHT - 4}>
            {clock(x0)}
          </text>
          <text class="axis" x={WIDTH - PAD.right} y={HEIGHT - 4} text-anchor="end">
            {clock(x1)} UTC
          </text>
          {series.map((s, i) => (
            <path key={s.name} data-series={s.name} d={seriesPath(s.points, x, y)} stroke={COLOURS[i % COLOURS.length]} />
          ))}
        </svg>
      )}
      <ul class="chart-legend" id={`${id}-legend`}>
        {series.map((s, i) => {
          const value = latest(s);
          return (
            <li key={s.name} data-series={s.name}>
              <span class="swatch" style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden="true" /> {s.name}: {value === null ? 'nothing yet' : `${format(value)} ${unit}`}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
