import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDedupeReport, runDedupeEval } from '../../../services/eval/dedupe/run-dedupe-eval.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repo, '../shared/data');

function required(path: string): string {
  if (!existsSync(path)) throw new Error(`data set missing: ${path} (set STORYLINE_DATA_DIR to the shared data folder)`);
  return path;
}

describe('dedupe evaluation on real corpora', () => {
  it('clusters ECB+ stories', async () => {
    const report = await runDedupeEval({ ecbplus: required(join(dataDir, 'ecbplus')) });
    console.log(formatDedupeReport(report));
    const e = report.ecbplus!;
    expect(e.documents).toBeGreaterThan(300);
    expect(e.idf).toMatch(/seeded/);
    expect(e.acrossOrders.orders).toBe(10);
    expect(e.acrossOrders.max).toBeGreaterThanOrEqual(e.acrossOrders.min);
    // The goal: B³-F1 ≥ 0.95. Measured 0.951 in the fixed order (P 0.967, R 0.935); over ten orders
    // median 0.953, mean 0.956, min 0.950. Routing alone (no regrouping) measured a median of 0.901:
    // topics that pair two events of one kind were joined by their first reports; regrouping the
    // neighbourhood as more copy arrives separates them (23 regroupings, 45 items moved, 10 merges).
    expect(e.bCubed.f1).toBeGreaterThanOrEqual(0.95);
    expect(e.acrossOrders.median).toBeGreaterThanOrEqual(0.95);
    expect(e.acrossOrders.min).toBeGreaterThanOrEqual(0.94);
    expect(e.regrouping.regroupings).toBeGreaterThan(0);
    // Every item clustered at once with the same scores and clustering step: measured 0.957.
    expect(e.retrospective.bCubed.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('links Reuters-21578 re-sends', async () => {
    const report = await runDedupeEval({ reuters: required(join(dataDir, 'reuters21578', 'sgm-data')) });
    console.log(formatDedupeReport(report));
    const r = report.reuters!;
    expect(r.exactResends.reference).toBeGreaterThan(100);
    expect(r.editedResends.reference).toBeGreaterThan(100);
    // Goals: every exact re-send in its original's story, edited re-sends too, and near-duplicate
    // links that are re-sends (measured: 1.0, 0.990, 1.0, with regrouping on; duplicates follow the
    // item they duplicate and copies of one text move together). Its time is reported, not asserted.
    expect(r.exactResends.recall).toBe(1);
    expect(r.editedResends.recall).toBeGreaterThanOrEqual(0.98);
    expect(r.editedResends.nearDuplicateLinks.precision).toBeGreaterThanOrEqual(0.98);
  });
});
