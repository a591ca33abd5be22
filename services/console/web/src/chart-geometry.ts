/** One line of a chart: y null is a gap (nothing measured in that interval). */
export interface ChartSeries {
  readonly name: string;
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number | null }>;
}

/** The smallest 1, 2 or 5 × 10^k at or above `value`: a y-axis top that reads well. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((m) => m * power).find((top) => top >= value * (1 - 1e-9)) ?? 10 * power);
}

/**
 * The SVG path of one series: a move at the start and after each gap, a line otherwise. A point
 * alone between gaps is a zero-length line, which a round line cap draws as a dot.
 */
export function seriesPath(points: ChartSeries['points'], x: (v: number) => number, y: (v: number) => number): string {
  let path = '';
  let run = 0;
  const endRun = () => {
    if (run === 1) path += 'h0';
    run = 0;
  };
  for (const point of points) {
    if (point.y === null) {
      endRun();
      continue;
    }
    path += `${run > 0 ? 'L' : 'M'}${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`;
    run++;
  }
  endRun();
  return path;
}
