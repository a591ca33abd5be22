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
    // Measured 0.921 (B³ P 0.902, R 0.941; 0.908 on average over ten stream orders, none below 0.89):
    // the goal of 0.95 is not reached. Dates, years and figures now tell apart some of the topics
    // that pair two events of one kind; the rest (two Turkmen elections, two offers to one player)
    // share their names and numbers too. This guards against regressions only.
    expect(e.bCubed.f1).toBeGreaterThanOrEqual(0.91);
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
