import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { parsePosition } from '../../../services/admin/kafka/topic-positions.ts';
import { shiftedOffsets } from '../../../services/admin/operations/offset-reset.ts';
import { canonicalJson, diffStates, hashLines } from '../../../services/admin/operations/projection-hash.ts';
import { parseDeadLetterId } from '../../../services/admin/operations/dead-letters.ts';
import { exitCodeFor } from '../../../services/cli/commands/ops-client.ts';
import { resetBody } from '../../../services/cli/commands/offsets-command.ts';
import { isProjectionPrefix, projectionKeys } from '../../../services/publish/index-keys.ts';
import { isRedriveForAnother, REDRIVE_FOR } from '../../../services/shared/kafka/redrive-headers.ts';

describe('operator core', () => {
  it('parses positions: ends of the log, times, explicit offsets; refuses anything else', () => {
    expect(parsePosition('earliest')).toEqual({ ok: true, value: { kind: 'earliest' } });
    expect(parsePosition('2026-12-03T18:00:00Z')).toEqual({ ok: true, value: { kind: 'time', ms: Date.parse('2026-12-03T18:00:00Z') } });
    expect(parsePosition('1764784800000')).toEqual({ ok: true, value: { kind: 'time', ms: 1764784800000 } });
    const offsets = parsePosition('0:12,2:7');
    expect(offsets.ok && offsets.value.kind === 'offsets' && [...offsets.value.offsets]).toEqual([[0, '12'], [2, '7']]);
    expect(parsePosition('0:1,0:2').ok).toBe(false);
    expect(parsePosition('yesterday').ok).toBe(false);
    expect(parsePosition('9'.repeat(10_000)).ok).toBe(false);
  });

  it('shifts committed offsets inside what the log holds', () => {
    const bounds = [{ partition: 0, low: '5', high: '50' }, { partition: 1, low: '0', high: '10' }];
    expect(shiftedOffsets(bounds, new Map([[0, '20'], [1, null]]), -100)).toEqual(new Map([[0, '5'], [1, '0']]));
    expect(shiftedOffsets(bounds, new Map([[0, '20'], [1, '3']]), 4)).toEqual(new Map([[0, '24'], [1, '7']]));
    expect(shiftedOffsets(bounds, new Map([[0, '20'], [1, '3']]), 400)).toEqual(new Map([[0, '50'], [1, '10']]));
  });

  it('hashes a read model independently of key order and story order, and tells which stories differ', () => {
    const a = { storyId: 'a', sequence: 3, status: 'published', state: { x: 1, y: [1, { b: 2, a: 1 }] } };
    const b = { storyId: 'b', sequence: 1, status: 'killed', state: { cause: 'KILL_SIGNAL' } };
    expect(canonicalJson({ y: [1, { b: 2, a: 1 }], x: 1 })).toBe('{"x":1,"y":[1,{"a":1,"b":2}]}');
    expect(hashLines([a, b])).toBe(hashLines([b, { ...a, state: { y: [1, { a: 1, b: 2 }], x: 1 } }]));
    expect(hashLines([a, b])).not.toBe(hashLines([a, { ...b, sequence: 2 }]));
    const diff = diffStates([a, b], [{ ...a, sequence: 4 }, { storyId: 'c', sequence: 1, status: 'published', state: null }]);
    expect(diff).toEqual({ added: ['c'], removed: ['b'], changed: [{ storyId: 'a', before: { sequence: 3, status: 'published' }, after: { sequence: 4, status: 'published' } }] });
  });

  it('keeps rebuildable keys under a projection prefix and refuses other prefixes', () => {
    const keys = projectionKeys('sl:pabc-123456:');
    expect(keys.story('s1')).toBe('sl:pabc-123456:story:{s:s1}');
    expect(keys.patterns).toEqual(['sl:pabc-123456:story:*', 'sl:pabc-123456:idx:*', 'sl:pabc-123456:projection:{offsets}']);
    expect(projectionKeys().timeIndex).toBe('sl:idx:{time}');
    for (const bad of ['', 'sl:pub:', 'x:', 'sl:p*:', 'sl:feed:']) expect(isProjectionPrefix(bad)).toBe(false);
    expect(() => projectionKeys('sl:ops:')).toThrow();
  });

  it('a re-driven record is skipped by every consumer but the one it is addressed to', () => {
    const message = { headers: { [REDRIVE_FOR]: Buffer.from('enrich') } } as unknown as KafkaMessage;
    expect(isRedriveForAnother(message, 'projection')).toBe(true);
    expect(isRedriveForAnother(message, 'enrich')).toBe(false);
    expect(isRedriveForAnother({ headers: {} } as unknown as KafkaMessage, 'projection')).toBe(false);
  });

  it('parses dead-letter ids, maps HTTP answers to exit codes, and asks offsets reset for exactly one target', () => {
    expect(parseDeadLetterId('dedupe-router:42')).toEqual({ consumer: 'dedupe-router', offset: '42' });
    expect(parseDeadLetterId('router:-1')).toBeUndefined();
    expect([200, 400, 401, 403, 404, 409, 500, 503].map(exitCodeFor)).toEqual([0, 2, 3, 3, 4, 5, 1, 6]);
    expect(resetBody({ group: 'enrich', shift: '-10', execute: true })).toEqual({ shift: -10, execute: true });
    expect(typeof resetBody({ group: 'enrich', toEarliest: true, toLatest: true })).toBe('string');
    expect(typeof resetBody({ group: 'enrich' })).toBe('string');
  });
});
