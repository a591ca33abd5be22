import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { isHistoryFile, readHistoryFile } from '../../support/workflows/history-json.ts';

// Operator jobs run for minutes to hours and a worker deploy may land in the middle of one: their
// histories must replay on today's code. Kept by test/support/workflows/fetch-operations-histories.ts
// from runs of test/integration/admin/; a replay that fails here needs patched(), not a new recording.
Runtime.install({ logger: new DefaultLogger('WARN') });

const historiesDir = new URL('../../fixtures/workflow-histories/operations/', import.meta.url);
const workflowsPath = fileURLToPath(new URL('../../../workflows/operations/operations-workflows.ts', import.meta.url));
const releases = readdirSync(historiesDir).filter((name) => name.startsWith('release-')).sort();
const files = releases.flatMap((release) => readdirSync(new URL(`${release}/`, historiesDir)).filter(isHistoryFile).sort().map((file) => `${release}/${file}`));

describe('operations workflows replay', () => {
  it('holds a history of a projection rebuild and of each replay target', () => {
    const kinds = new Set(files.map((file) => file.replace(/^.*\//, '').replace(/\.json(\.gz)?$/, '')));
    expect([...kinds].sort()).toEqual(['projection-rebuild', 'replay-enrichment', 'replay-parse', 'replay-public-topics']);
  });

  it("replays every recorded history on today's workflow code without a determinism error", async () => {
    const histories = files.map((file) => ({ workflowId: file, history: readHistoryFile(new URL(file, historiesDir)) }));
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: 'operations-replay' }, histories)) results.push(result);
    expect(results.map((r) => r.workflowId)).toEqual(files);
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String(r.error)}`)).toEqual([]);
  }, 180_000);
});
