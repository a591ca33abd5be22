// Keeps the histories of finished operator jobs for the replay test of the operations workflows:
// after a run of test/integration/admin/ (which finishes rebuilds and replays of every kind in its
// environment's namespace), `STORYLINE_TEST_ENV=<env> npx tsx test/support/workflows/fetch-operations-histories.ts release-<n>`
// writes one history per kind of job (the largest of each) under test/fixtures/workflow-histories/operations/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../../services/shared/config.ts';
import { TEST_ENVIRONMENT } from '../test-environment.ts';
import { writeHistoryFile } from './history-json.ts';

const release = process.argv[2];
if (!release?.startsWith('release-')) throw new Error('usage: fetch-operations-histories release-<n>');
const config = loadConfig({ ...process.env, ...TEST_ENVIRONMENT });
const connection = await Connection.connect({ address: config.temporal.address });
const client = new Client({ connection, namespace: config.temporal.namespace });
const dir = fileURLToPath(new URL(`../../fixtures/workflow-histories/operations/${release}/`, import.meta.url));
mkdirSync(dir, { recursive: true });

/** The kind of job a finished execution was: a rebuild, or a replay of its memo's target. */
function kindOf(workflowId: string, memo: Record<string, unknown> | undefined): string | null {
  if (workflowId.startsWith('ops/projection-rebuild/')) return 'projection-rebuild';
  if (!workflowId.startsWith('ops/replay/')) return null;
  return typeof memo?.target === 'string' ? `replay-${memo.target}` : null;
}

const best = new Map<string, { workflowId: string; runId: string; length: number }>();
for await (const execution of client.workflow.list({ query: `ExecutionStatus = 'Completed'` })) {
  const kind = kindOf(execution.workflowId, execution.memo);
  if (!kind) continue;
  const length = execution.historyLength;
  if ((best.get(kind)?.length ?? 0) < length) best.set(kind, { workflowId: execution.workflowId, runId: execution.runId, length });
}
for (const [kind, { workflowId, runId }] of best) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  console.log(`${kind}: ${workflowId} (${history.events?.length ?? 0} events) -> ${writeHistoryFile(dir, kind, history)}`);
}
await connection.close();
