import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from '../../../services/eval/dedupe/logistic-regression.ts';

/** A deterministic stream of numbers in [0, 1). */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('logistic regression (Newton), the signal ceiling’s model', () => {
  it('recovers the coefficients that generated the labels', () => {
    const random = uniform(7);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const row = [random() * 4 - 2, random() * 4 - 2, random() * 4 - 2];
      const p = 1 / (1 + Math.exp(-(0.5 + 2 * row[0]! - 1 * row[1]!)));
      rows.push(row);
      labels.push(random() < p ? 1 : 0);
    }
    const model = fitLogistic(rows, labels, { l2: 0 });
    expect(model.bias).toBeCloseTo(0.5, 0);
    expect(model.weights[0]).toBeCloseTo(2, 0);
    expect(model.weights[1]).toBeCloseTo(-1, 0);
    expect(Math.abs(model.weights[2]!)).toBeLessThan(0.15);
  });

  it('stays finite on separable data and on a feature that never varies, thanks to the penalty', () => {
    const rows = [[0, 1], [0.2, 1], [0.8, 1], [1, 1]];
    const model = fitLogistic(rows, [0, 0, 1, 1]);
    expect(model.weights.every(Number.isFinite)).toBe(true);
    expect(predictLogistic(model, [1, 1])).toBeGreaterThan(0.5);
    expect(predictLogistic(model, [0, 1])).toBeLessThan(0.5);
  });

  it('refuses rows and labels of different lengths', () => {
    expect(() => fitLogistic([[1]], [1, 0])).toThrow(/1 rows, 2 labels/);
  });
});
