import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBackgroundStatistics } from '../../../services/dedupe/background-statistics.ts';
import { evaluateMixed, formatDedupeReport } from '../../../services/eval/dedupe/run-dedupe-eval.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repo, '../shared/data');

function required(path: string): string {
  if (!existsSync(path)) throw new Error(`data set missing: ${path} (set STORYLINE_DATA_DIR to the shared data folder)`);
  return path;
}

// Its own file so that the data tier routes it beside the ECB+ and Reuters runs, not after them.
describe('ECB+ interleaved with the Reuters-21578 stream', () => {
  it('keeps ECB+ events together without joining the stand-alone wire copy around them', async () => {
    const mixed = await evaluateMixed(required(join(dataDir, 'ecbplus')), required(join(dataDir, 'reuters21578', 'sgm-data')), loadBackgroundStatistics());
    console.log(formatDedupeReport({ mixed }));
    expect(mixed.ecbplusDocuments).toBeGreaterThan(300);
    expect(mixed.reutersItems).toBeGreaterThan(20_000);
    // Goals: ECB+ B³-F1 ≥ 0.95 and a joined rate ≤ 0.15; measured: see README (Quality).
    expect(mixed.ecbplus.bCubed.f1).toBeGreaterThanOrEqual(FLOORS.ecbplusF1);
    expect(mixed.reutersJoinedRate).toBeLessThanOrEqual(FLOORS.reutersJoinedRate);
    expect(mixed.regrouping.oscillations).toBe(0);
  }, SLOW_MACHINE_MS);
});

// Measured (one provider's two texts need more; ECB+ outlets as providers; another day's issue of a recurring report apart; another provider's lone report looked at again when a join grows the story it missed): ECB+ B³-F1 0.8696 → 0.8684 (P 0.960 → 0.956, R 0.795), Reuters joined rate 0.2431, 658 regroupings, no oscillation.
// 2026-12-05, stories of several reports merged as stories, splits kept whole, one provider's stories merged only as one provider's texts, another provider's report held to half what happened, never a stale follow-up, joining at 0.30 (one provider's at 0.35): ECB+ 0.8684 → 0.9268 (P 0.920, R 0.934), joined 0.2393 → 0.2307, regroupings 639 → 267.
const FLOORS = { ecbplusF1: 0.92, reutersJoinedRate: 0.24 };
// Each run takes a few minutes on an idle 2-core machine; several times that when it is shared.
const SLOW_MACHINE_MS = 1_800_000;
