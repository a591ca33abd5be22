import { describe, expect, it } from 'vitest';
import { renderStages } from '../../../services/cli/commands/status-command.ts';

describe('storyline status: the stages', () => {
  it('prints the latest rate and the latest measured latencies of each stage', () => {
    const lines = renderStages([
      {
        stage: 'dedupe-router',
        messages: 12,
        deadLetters: 1,
        points: [
          { perSecond: 2, handleMs: { p50: 30, p95: 48.5 }, ageMs: { p50: 700, p95: 950 } },
          { perSecond: 0, handleMs: null, ageMs: null },
        ],
      },
      { stage: 'enrich', messages: 0, deadLetters: 0, points: [] },
    ]);
    expect(lines[0]).toMatch(/^ {2}dedupe-router +handled +12 +0\.00\/s +handler 30\.0\/48\.5 ms +age 700\.0\/950\.0 ms +dead letters 1$/);
    expect(lines[1]).toMatch(/^ {2}enrich +handled +0 +-\/s +handler - +age - +dead letters 0$/);
    expect(renderStages([])).toEqual(['  (no stage reports metrics)']);
  });
});
