import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { isHistoryFile, readHistoryFile } from '../../support/workflows/history-json.ts';
import { STORY_LIFECYCLES } from '../../support/workflows/story-lifecycles.ts';

// Story workflows never finish: every story ever opened is a running workflow whose history must
// replay on the code a worker runs today. These histories were recorded on the real server by
// test/support/workflows/record-story-histories.ts; a replay that fails here is a change that would
// break running stories (put it behind patched()), never a reason to re-record.
// Replay workers log every state change at INFO; only trouble is worth reading in the unit tier.
Runtime.install({ logger: new DefaultLogger('WARN') });

const historiesDir = new URL('../../fixtures/workflow-histories/', import.meta.url);
const workflowsPath = fileURLToPath(new URL('../../../workflows/workflows.ts', import.meta.url));
const unversionedChange = fileURLToPath(new URL('../../support/workflows/reordered-story.workflow.ts', import.meta.url));
// One directory per release of the workflow code, each with a history of every lifecycle.
const releases = readdirSync(historiesDir).filter((name) => name.startsWith('release-')).sort();
const files = releases.flatMap((release) => readdirSync(new URL(`${release}/`, historiesDir)).filter(isHistoryFile).sort().map((file) => `${release}/${file}`));
const lifecycleOf = (file: string) => file.replace(/^.*\//, '').replace(/(-run-\d+)?\.json(\.gz)?$/, '');

async function replay(path: string, names: readonly string[]) {
  const histories = names.map((file) => ({ workflowId: file, history: readHistoryFile(new URL(file, historiesDir)) }));
  const results: { workflowId: string; error?: unknown }[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath: path, replayName: 'story-replay' }, histories)) results.push(result);
  return results;
}

describe('story workflow replay', () => {
  it.each(releases)('has a recorded history of every lifecycle from %s, continue-as-new included', (release) => {
    const ofRelease = files.filter((file) => file.startsWith(`${release}/`));
    expect([...new Set(ofRelease.map(lifecycleOf))].sort()).toEqual(STORY_LIFECYCLES.map((l) => l.name).sort());
    const continued = ofRelease.filter((file) => lifecycleOf(file) === 'continue-as-new');
    expect(continued.length).toBeGreaterThanOrEqual(2);
    const firstRun = readHistoryFile(new URL(continued[0]!, historiesDir));
    expect(firstRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  });

  it("replays every recorded history on today's workflow code without a determinism error", async () => {
    const results = await replay(workflowsPath, files);
    expect(results.map((r) => r.workflowId)).toEqual(files);
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String(r.error)}`)).toEqual([]);
  }, 180_000);

  it('fails a workflow changed without a patch', async () => {
    const results = await replay(unversionedChange, ['release-1/new.json', 'release-1/embargo.json']);
    expect(results).toHaveLength(2);
    for (const result of results) expect(String(result.error)).toMatch(/DeterminismViolation|Nondeterminism|nondeterministic/i);
  }, 120_000);
});
