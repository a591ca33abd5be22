import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBackgroundStatistics } from '../../../services/dedupe/background-statistics.ts';
import { formatDedupeReport, runDedupeEval } from '../../../services/eval/dedupe/run-dedupe-eval.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repo, '../shared/data');
const background = loadBackgroundStatistics();

function required(path: string): string {
  if (!existsSync(path)) throw new Error(`data set missing: ${path} (set STORYLINE_DATA_DIR to the shared data folder)`);
  return path;
}

// Floors from the figures measured with this code (npx storyline eval dedupe ... --mixed --json); the
// goals of issue 15 are higher where said: ECB+ held-out B³-F1 ≥ 0.95, mixed ECB+ ≥ 0.95, Reuters joined ≤ 0.15.
describe('dedupe evaluation on real corpora', () => {
  it('clusters ECB+ stories, cross-validated across topics', async () => {
    const report = await runDedupeEval({ ecbplus: required(join(dataDir, 'ecbplus')), background });
    console.log(formatDedupeReport(report));
    const e = report.ecbplus!;
    expect(e.documents).toBeGreaterThan(300);
    expect(e.idf).toMatch(/shipped/);
    expect(e.acrossOrders.orders).toBe(10);
    // Measured: fixed order 0.9225 (P 0.962, R 0.886); ten orders median 0.913, min 0.891; held-out
    // fold mean 0.909 (in-sample 0.9225 at 0.3); after the fact 0.930.
    expect(e.bCubed.f1).toBeGreaterThanOrEqual(0.92);
    expect(e.acrossOrders.median).toBeGreaterThanOrEqual(0.91);
    expect(e.acrossOrders.min).toBeGreaterThanOrEqual(0.88);
    expect(e.crossValidation!.heldOut).toHaveLength(5);
    expect(e.crossValidation!.heldOutMeanF1).toBeGreaterThanOrEqual(0.9);
    expect(e.retrospective.bCubed.f1).toBeGreaterThanOrEqual(0.92);
  });

  it('links Reuters-21578 re-sends and joins few stand-alone items', async () => {
    const report = await runDedupeEval({ reuters: required(join(dataDir, 'reuters21578', 'sgm-data')), background, sampleJoins: 100 });
    console.log(formatDedupeReport(report));
    const r = report.reuters!;
    expect(r.exactResends.reference).toBeGreaterThan(100);
    expect(r.editedResends.reference).toBeGreaterThan(100);
    // Measured: exact 0.9967 (301/302), edited 0.921 (445/483), near-duplicate precision 1.0 (319/319);
    // joined rate 0.426 of 20,126 (was about 0.85); 1,280 regroupings (was 4,565), 188 oscillations.
    expect(r.exactResends.recall).toBeGreaterThanOrEqual(0.99);
    expect(r.editedResends.recall).toBeGreaterThanOrEqual(0.92);
    expect(r.editedResends.nearDuplicateLinks.precision).toBeGreaterThanOrEqual(0.98);
    expect(r.joinedRate).toBeLessThanOrEqual(0.43);
    expect(r.regrouping.regroupings).toBeLessThanOrEqual(1300);
    expect(r.sampledJoins).toHaveLength(100);
  });

  it('keeps ECB+ stories together and Reuters items apart in one mixed stream', async () => {
    const report = await runDedupeEval({ ecbplus: required(join(dataDir, 'ecbplus')), reuters: required(join(dataDir, 'reuters21578', 'sgm-data')), background, mixed: true, orders: 1, folds: 0 });
    console.log(formatDedupeReport({ mixed: report.mixed! }));
    const m = report.mixed!;
    // Measured: ECB+ B³-F1 0.933 (P 0.956, R 0.911); Reuters joined rate 0.426; no story mixing the corpora.
    expect(m.ecbplus.bCubed.f1).toBeGreaterThanOrEqual(0.93);
    expect(m.reutersJoinedRate).toBeLessThanOrEqual(0.43);
    expect(m.crossCorpusJoins).toBe(0);
  });
});
