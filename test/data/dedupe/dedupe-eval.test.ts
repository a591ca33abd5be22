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
    // Measured: 0.921 in the fixed order (B³ P 0.902, R 0.941), the best of ten orders; median 0.901,
    // min 0.890. The goal of 0.95 is not reached. Topics that pair two events of one kind (two Turkmen
    // elections, two offers to one player, two quakes on one island) share names and wording; once a
    // stream joins their first items, the story's profile draws in both. These guard against regressions only.
    expect(e.bCubed.f1).toBeGreaterThanOrEqual(0.91);
    expect(e.acrossOrders.median).toBeGreaterThanOrEqual(0.89);
    // The same signals clustered after the fact: measured 0.927 (P 0.944, R 0.910). Above the router:
    // what revising stories could win, not the goal either.
    expect(e.retrospective.bCubed.f1).toBeGreaterThan(e.acrossOrders.median);
  });

  it('links Reuters-21578 re-sends', async () => {
    const report = await runDedupeEval({ reuters: required(join(dataDir, 'reuters21578', 'sgm-data')) });
    console.log(formatDedupeReport(report));
    const r = report.reuters!;
    expect(r.exactResends.reference).toBeGreaterThan(100);
    expect(r.editedResends.reference).toBeGreaterThan(100);
    // Goals: every exact re-send in its original's story, edited re-sends too, and near-duplicate
    // links that are re-sends (measured: 1.0, 0.996, 1.0). Its time is reported, not asserted.
    expect(r.exactResends.recall).toBe(1);
    expect(r.editedResends.recall).toBeGreaterThanOrEqual(0.98);
    expect(r.editedResends.nearDuplicateLinks.precision).toBeGreaterThanOrEqual(0.98);
  });
});
