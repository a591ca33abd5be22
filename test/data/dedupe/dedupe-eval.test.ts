import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBackgroundStatistics } from '../../../services/dedupe/background-statistics.ts';
import { formatDedupeReport, runDedupeEval } from '../../../services/eval/dedupe/run-dedupe-eval.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repo, '../shared/data');

function required(path: string): string {
  if (!existsSync(path)) throw new Error(`data set missing: ${path} (set STORYLINE_DATA_DIR to the shared data folder)`);
  return path;
}

// `storyline eval dedupe` gives the same figures: the CLI seeds the index with the shipped model too.
const background = loadBackgroundStatistics();

describe('dedupe evaluation on real corpora', () => {
  it('clusters ECB+ stories, cross-validated across topics', async () => {
    const report = await runDedupeEval({ ecbplus: required(join(dataDir, 'ecbplus')), orders: 3, background });
    console.log(formatDedupeReport(report));
    const e = report.ecbplus!;
    expect(e.documents).toBeGreaterThan(300);
    expect(e.idf).toMatch(/seeded/);
    expect(e.acrossOrders.orders).toBe(3);
    const cv = e.crossValidation!;
    expect(cv.heldOut).toHaveLength(5);
    expect(cv.grid.weightings).toContain('shipped');
    // The goal is B³-F1 ≥ 0.95 on held-out topics; measured: see README (Quality). Floors a little under the measured figures.
    expect(cv.heldOutMeanF1).toBeGreaterThanOrEqual(FLOORS.ecbHeldOut);
    expect(e.bCubed.f1).toBeGreaterThanOrEqual(FLOORS.ecbFixedOrder);
    // How far rules over these pair signals can go (every document at hand, same folds): measured 0.918 for a
    // logistic model over all of them, 0.933 for the router's own pair score; both under the goal of 0.95.
    const ceiling = e.signalCeiling!;
    expect(ceiling.fitted.heldOut).toHaveLength(5);
    expect(ceiling.fitted.heldOutMeanF1).toBeGreaterThanOrEqual(0.9);
    expect(ceiling.routerPairScore.heldOutMeanF1).toBeGreaterThanOrEqual(0.92);
    // Measured P 0.920, R 0.934 (0.964 and 0.786 before stories were merged as stories and other outlets held to
    // half what happened and a threshold of their own): what is left joined wrongly is mostly a topic's two events of one kind a week apart
    // (two teams' offers to one player, two navy actions against pirates).
    expect(e.bCubed.precision).toBeGreaterThanOrEqual(0.91);
    // Regroupings settle: an item a regrouping moved never moves again within the window.
    expect(e.regrouping.oscillations).toBe(0);
  }, SLOW_MACHINE_MS);

  it('links Reuters-21578 re-sends, and joins few stand-alone items', async () => {
    const report = await runDedupeEval({ reuters: required(join(dataDir, 'reuters21578', 'sgm-data')), sampleJoins: 100, background });
    console.log(formatDedupeReport(report));
    const r = report.reuters!;
    expect(r.exactResends.reference).toBeGreaterThan(300);
    expect(r.editedResends.reference).toBeGreaterThan(400);
    // Re-sends take their own path, which no event anchor blocks: every exact re-send in its original's
    // story, edited re-sends too, and near-duplicate links that are re-sends.
    expect(r.exactResends.recall).toBe(1);
    // Goal ≥ 0.98; measured 0.984 (439/446; the reference leaves out templated copy naming two companies by symbol,
    // and two markets' reports whose headlines lead with their own different dateline cities).
    expect(r.editedResends.recall).toBeGreaterThanOrEqual(0.975);
    expect(r.editedResends.nearDuplicateLinks.precision).toBe(1);
    // A live wire is mostly stories that stand alone (the goal: at most 0.15 joined).
    expect(r.joinedRate).toBeLessThanOrEqual(FLOORS.reutersJoinedRate);
    expect(r.joinedRateSecondHalf).toBeLessThanOrEqual(FLOORS.reutersJoinedRate);
    // 4,565 regroupings before join anchors and settling; the goal is at most a tenth (456), none
    // oscillating. Measured 245 (232 items moved, 117 stories merged), none oscillating: one provider's two
    // stories merge only when they pass the rule for one provider's texts as stories (584 before).
    expect(r.regrouping.regroupings).toBeLessThanOrEqual(456);
    expect(r.regrouping.oscillations).toBe(0);
    expect(r.sampledJoins).toHaveLength(100);
    // The sample read by hand (ids and verdicts only): every pair drawn has a verdict, so a change that
    // alters the joins fails here until its new pairs are read; goal 90 of 100 right.
    const judged = JSON.parse(readFileSync(join(repo, 'services/eval/dedupe/judged-joins.json'), 'utf8')) as { judged: Array<{ item: string; of: string; right: boolean }> };
    const verdicts = new Map(judged.judged.map((j) => [`${j.item}->${j.of}`, j.right]));
    const sample = r.sampledJoins ?? [];
    const unread = sample.filter((j) => !verdicts.has(`${j.item}->${j.of}`)).map((j) => `${j.item}->${j.of}`);
    expect(unread).toEqual([]);
    expect(sample.filter((j) => verdicts.get(`${j.item}->${j.of}`) === true).length).toBeGreaterThanOrEqual(90);
  }, SLOW_MACHINE_MS);
});

// Measured 2026-12-05 (stories of several reports merged as stories; splits kept whole when the part still reports the rest's event; one provider's stories merged only as one provider's texts; another provider's report needs half what happened whenever names anchor it, is no stale follow-up, and joins at 0.30, one provider's at 0.35): ECB+ held-out 0.9053 → 0.9307, fixed order 0.8662 → 0.9269; Reuters joined rate 0.2392 → 0.2307 (second half 0.2501 → 0.2398), regroupings 584 → 245.
// The held-out figure then fitted the threshold only; fitting the weighting with it (`WEIGHT_GRID`) measures 0.9146.
const FLOORS = { ecbHeldOut: 0.91, ecbFixedOrder: 0.92, reutersJoinedRate: 0.24 };
// Each run takes a few minutes on an idle 2-core machine; several times that when it is shared.
const SLOW_MACHINE_MS = 1_800_000;
