import { describe, expect, it } from 'vitest';
import { opsCallAllowed, startedReplays } from '../../../services/console/ops-proxy.ts';

describe('the console calls only the admin routes its views need', () => {
  it('allows the reads and the two kinds of change, nothing else', () => {
    expect(opsCallAllowed('GET', 'status')).toBe(true);
    expect(opsCallAllowed('GET', 'dead-letters')).toBe(true);
    expect(opsCallAllowed('GET', 'stories/abc123')).toBe(true);
    expect(opsCallAllowed('POST', 'dead-letters/dedupe-router:12/redrive')).toBe(true);
    expect(opsCallAllowed('POST', 'replays/mip3k2-a1b2c3/pause')).toBe(true);
    expect(opsCallAllowed('POST', 'dead-letters/redrive')).toBe(false);
    expect(opsCallAllowed('POST', 'consumer-groups/enrich/offsets/reset')).toBe(false);
    expect(opsCallAllowed('POST', 'status')).toBe(false);
    expect(opsCallAllowed('DELETE', 'status')).toBe(false);
    expect(opsCallAllowed('GET', 'stories/a/../../status')).toBe(false);
  });

  it('finds started replays in the audit log, newest first, once each', () => {
    const entries = [
      { action: 'replay.pause', outcome: 'ok', detail: 'pause sent', at: '3' },
      { action: 'replay.projection', outcome: 'ok', detail: 'rebuild mip3k2-a1b2c3 into sl:pmip3k2-a1b2c3:', at: '2' },
      { action: 'replay.projection.dry-run', outcome: 'ok', detail: 'rebuild mip3k1-ffffff into sl:pmip3k1-ffffff:', at: '1' },
      { action: 'replay.projection', outcome: 'failed', detail: 'rebuild mip3k0-000000 into x', at: '0' },
    ];
    expect(startedReplays(entries)).toEqual([
      { rebuildId: 'mip3k2-a1b2c3', startedAt: '2', dryRun: false },
      { rebuildId: 'mip3k1-ffffff', startedAt: '1', dryRun: true },
    ]);
  });
});
