import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleRef } from '../../../services/domain/story/article-facts.ts';
import { decide } from '../../../services/domain/story/decide.ts';
import { evolve } from '../../../services/domain/story/evolve.ts';
import { foldEvents } from '../../../services/domain/story/fold-events.ts';
import { initialState } from '../../../services/domain/story/initial-state.ts';
import type { StoryCommand } from '../../../services/domain/story/story-commands.ts';
import type { RecordedStoryEvent } from '../../../services/domain/story/story-events.ts';
import { MAX_PROCESSED_SIGNAL_IDS, type StoryState } from '../../../services/domain/story/story-state.ts';
import { openedWith, submit } from './story-event-builders.ts';
import { HOUR, NOW, anArticle, anEnrichment, anEvidence } from './story-fixtures.ts';
import { given, recorded } from './story-spec.ts';

/** Runs commands the way the workflow does: decide, record after the last sequence, evolve. */
function run(commands: ReadonlyArray<{ command: StoryCommand; now: number }>) {
  let state: StoryState = initialState();
  const log: RecordedStoryEvent[] = [];
  for (const { command, now } of commands) {
    const events = recorded(decide(command, state, now), state.lastSequence, now);
    state = events.reduce(evolve, state);
    log.push(...events);
  }
  return { state, log };
}

const v1 = anArticle({ providerVersion: 1 });

describe('a repeated signal id', () => {
  it('yields no events, whatever the command', () => {
    const history = openedWith('s1', v1);
    given(history).when(submit('s1', anArticle({ providerVersion: 2 }))).thenNothing();
    given(history).when({ type: 'Kill', signalId: 's1', requestedBy: 'desk', reason: null }).thenNothing();
    given(history).when({ type: 'ReleaseEmbargo', signalId: 's1', at: NOW }).thenNothing();
    given(history).when({ type: 'WithdrawRelatedItem', signalId: 's1', item: { providerId: 'reuters', providerItemId: 'r1' }, movedTo: 'story-2' }).thenNothing();
    given(history).when({ type: 'MergeStory', signalId: 's1', into: 'story-2', requestedBy: 'router' }).thenNothing();
  });

  it('is remembered within a bound, oldest forgotten first', () => {
    const commands = Array.from({ length: MAX_PROCESSED_SIGNAL_IDS + 10 }, (_, i) => ({
      command: submit(`s${i}`, anArticle({ providerVersion: i + 1 })),
      now: NOW,
    }));
    const { state } = run(commands);
    expect(state.processedSignalIds).toHaveLength(MAX_PROCESSED_SIGNAL_IDS);
    expect(state.processedSignalIds.at(-1)).toBe(`s${MAX_PROCESSED_SIGNAL_IDS + 9}`);
    expect(state.processedSignalIds).not.toContain('s0');
  });
});

describe('replay', () => {
  const scenario = [
    { command: submit('s1', anArticle({ embargoed: NOW + HOUR }), { kind: 'new-story' }), now: NOW },
    { command: submit('s2', anArticle({ providerId: 'reuters', providerItemId: 'r1' }), { kind: 'same-event', evidence: anEvidence() }), now: NOW + 1 },
    { command: { type: 'ReleaseEmbargo', signalId: 't1', at: NOW + HOUR }, now: NOW + HOUR },
    { command: submit('s3', anArticle({ providerVersion: 3 })), now: NOW + HOUR + 1 },
    { command: submit('s4', anArticle({ providerVersion: 2 })), now: NOW + HOUR + 2 },
    { command: { type: 'RecordEnrichment', signalId: 'e1', providerVersion: 3, enricherVersion: 'nlp@1', enrichment: anEnrichment() }, now: NOW + HOUR + 3 },
    { command: submit('s5', anArticle({ providerVersion: 4, signals: ['CORRECTION'] })), now: NOW + HOUR + 4 },
    { command: submit('s6', anArticle({ providerVersion: 5, signals: ['KILL'] })), now: NOW + HOUR + 5 },
    { command: submit('s7', anArticle({ providerVersion: 6 })), now: NOW + HOUR + 6 },
  ] satisfies ReadonlyArray<{ command: StoryCommand; now: number }>;

  it('folds the log into the state built step by step', () => {
    const { state, log } = run(scenario);
    expect(foldEvents(log)).toEqual(state);
    expect(state.status).toBe('killed');
    // The state crosses continue-as-new and queries as JSON.
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(log.map((e) => e.sequence)).toEqual(log.map((_, i) => i + 1));
    expect(log.map((e) => e.eventId)).toEqual(log.map((e) => `story-1:${e.sequence}`));
  });

  it('ignores events it has already applied (redelivery)', () => {
    const { state, log } = run(scenario);
    expect(foldEvents([...log, ...log])).toEqual(state);
    expect(foldEvents(log.slice(3), foldEvents(log.slice(0, 5)))).toEqual(state);
  });

  it('holds for any sequence of commands, regrouping and merges included, and nothing is ever published after a kill', () => {
    const article = fc.record({
      providerId: fc.constantFrom('ap', 'reuters'),
      providerVersion: fc.integer({ min: 1, max: 5 }),
      signal: fc.constantFrom<'UPDATE' | 'CORRECTION' | 'KILL' | null>(null, 'UPDATE', 'CORRECTION', 'KILL'),
      embargoHours: fc.option(fc.integer({ min: -1, max: 2 }), { nil: null }),
    });
    const routing = fc.constantFrom('new-story', 'same-item', 'exact-duplicate', 'near-duplicate', 'same-event' as const);
    const command = fc.oneof(
      fc.record({ kind: fc.constant('submit' as const), article, routing }),
      fc.record({ kind: fc.constant('release' as const), hours: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant('enrich' as const), providerVersion: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('kill' as const) }),
      fc.record({ kind: fc.constant('withdraw' as const), providerId: fc.constantFrom('ap', 'reuters') }),
      fc.record({ kind: fc.constant('merge' as const) }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(command, fc.nat({ max: 20 })), { maxLength: 25 }), (steps) => {
        const commands = steps.map(([c, signal], i) => ({ command: toCommand(c, `sig-${signal}`), now: NOW + i * HOUR }));
        const { state, log } = run(commands);
        expect(foldEvents(log)).toEqual(state);
        const killedAt = log.findIndex((e) => e.type === 'StoryKilled');
        if (killedAt >= 0) {
          expect(log.slice(killedAt + 1).every((e) => e.type === 'CommandRejected')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

type GeneratedCommand =
  | { kind: 'submit'; article: { providerId: string; providerVersion: number; signal: 'UPDATE' | 'CORRECTION' | 'KILL' | null; embargoHours: number | null }; routing: 'new-story' | 'same-item' | 'exact-duplicate' | 'near-duplicate' | 'same-event' }
  | { kind: 'release'; hours: number }
  | { kind: 'enrich'; providerVersion: number }
  | { kind: 'kill' }
  | { kind: 'withdraw'; providerId: string }
  | { kind: 'merge' };

function toCommand(generated: GeneratedCommand, signalId: string): StoryCommand {
  switch (generated.kind) {
    case 'submit': {
      const { providerId, providerVersion, signal, embargoHours } = generated.article;
      const article = anArticle({
        providerId,
        providerItemId: `${providerId}-1`,
        providerVersion,
        signals: signal ? [signal] : [],
        embargoed: embargoHours === null ? null : NOW + embargoHours * HOUR,
      });
      switch (generated.routing) {
        case 'exact-duplicate':
          return submit(signalId, article, { kind: 'exact-duplicate', of: articleRef(anArticle()) });
        case 'near-duplicate':
        case 'same-event':
          return submit(signalId, article, { kind: generated.routing, evidence: anEvidence() });
        case 'new-story':
        case 'same-item':
          return submit(signalId, article, { kind: generated.routing });
      }
      break;
    }
    case 'release':
      return { type: 'ReleaseEmbargo', signalId, at: NOW + generated.hours * HOUR };
    case 'enrich':
      return { type: 'RecordEnrichment', signalId, providerVersion: generated.providerVersion, enricherVersion: 'nlp@1', enrichment: anEnrichment() };
    case 'kill':
      return { type: 'Kill', signalId, requestedBy: 'desk', reason: null };
    case 'withdraw':
      return { type: 'WithdrawRelatedItem', signalId, item: { providerId: generated.providerId, providerItemId: `${generated.providerId}-1` }, movedTo: 'story-2' };
    case 'merge':
      return { type: 'MergeStory', signalId, into: 'story-2', requestedBy: 'router' };
  }
}
