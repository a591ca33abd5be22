import { describe, expect, it } from 'vitest';
import { bCubed, pairSetScores, pairwise } from '../../../services/eval/dedupe/metrics.ts';

describe('clustering metrics', () => {
  // gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}
  const gold = ['g1', 'g1', 'g1', 'g2', 'g2'];
  const predicted = ['p1', 'p1', 'p2', 'p2', 'p2'];

  it('computes B³ by hand', () => {
    // precision: a,b 2/2; c 1/3; d,e 2/3 → (1+1+1/3+2/3+2/3)/5 = 11/15
    // recall:    a,b 2/3; c 1/3; d,e 2/2 → (2/3+2/3+1/3+1+1)/5 = 11/15
    const b3 = bCubed(gold, predicted);
    expect(b3.precision).toBeCloseTo(11 / 15, 10);
    expect(b3.recall).toBeCloseTo(11 / 15, 10);
    expect(b3.f1).toBeCloseTo(11 / 15, 10);
  });
  it('computes pairwise scores by hand', () => {
    // gold pairs: ab ac bc de = 4; predicted: ab cd ce de = 4; correct: ab de = 2
    expect(pairwise(gold, predicted)).toMatchObject({ goldPairs: 4, predictedPairs: 4, truePairs: 2, precision: 0.5, recall: 0.5 });
  });
  it('scores perfect and all-in-one clusterings', () => {
    expect(bCubed(gold, gold).f1).toBe(1);
    const lumped = bCubed(gold, ['x', 'x', 'x', 'x', 'x']);
    expect(lumped.recall).toBe(1);
    expect(lumped.precision).toBeCloseTo((3 * 3) / 5 / 5 + (2 * 2) / 5 / 5, 10);
  });
  it('scores unordered pair sets', () => {
    const s = pairSetScores([['1', '2'], ['3', '4']], [['2', '1'], ['5', '6']]);
    expect(s).toMatchObject({ reference: 2, predicted: 2, matched: 1, precision: 0.5, recall: 0.5 });
  });
});
