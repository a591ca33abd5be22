import { describe, expect, it } from 'vitest';
import { niceCeiling, seriesPath } from '../../../services/console/web/src/chart-geometry.ts';

describe('the console charts geometry', () => {
  it('tops the y axis at 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.03, 0.7, 1, 1.2, 3, 7, 42, 180, 999].map(niceCeiling)).toEqual([1, 0.05, 1, 1, 2, 5, 10, 50, 200, 1000]);
  });

  it('draws a line through measured points, breaks it where nothing was measured, and a lone point as a dot', () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: 2 },
      { x: 2, y: null },
      { x: 3, y: 4 },
      { x: 4, y: 5 },
    ];
    expect(seriesPath(points, (x) => x * 10, (y) => 100 - y)).toBe('M0.0,99.0L10.0,98.0M30.0,96.0L40.0,95.0');
    expect(seriesPath([{ x: 0, y: null }], (x) => x, (y) => y)).toBe('');
    expect(seriesPath([{ x: 0, y: null }, { x: 1, y: 3 }, { x: 2, y: null }, { x: 3, y: 4 }], (x) => x, (y) => y)).toBe('M1.0,3.0h0M3.0,4.0h0');
  });
});
