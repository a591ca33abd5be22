import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../../services/shared/config.ts';
import { addItem, probeWorkflow, progressQuery } from '../../support/workflows/probe.workflow.ts';
import { killProcess, startTsProcess } from '../../support/child-process.ts';
import { restartServer } from '../../support/servers.ts';
import { runId } from '../../support/run-id.ts';

const config = loadConfig();
const workerEntry = fileURLToPath(new URL('../../support/probe-worker.ts', import.meta.url));

async function connect(): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

async function waitForProgress(client: Client, workflowId: string, atLeast: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await client.workflow.getHandle(workflowId).query(progressQuery)) >= atLeast) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`workflow ${workflowId} did not reach ${atLeast} results`);
}

describe('temporal (real dev server, SQLite persistence)', () => {
  it('a signal-with-start workflow survives a worker kill and a server restart, and ignores repeated signals', async () => {
    const taskQueue = runId('probe');
    const workflowId = `probe/${taskQueue}`;
    let client = await connect();
    let worker = await startTsProcess(workerEntry, [taskQueue], 'worker-ready');

    await client.workflow.signalWithStart(probeWorkflow, { workflowId, taskQueue, args: [3], signal: addItem, signalArgs: [{ id: 's1', value: 'a' }] });
    // A second signal-with-start on the same business key converges on the same execution.
    await client.workflow.signalWithStart(probeWorkflow, { workflowId, taskQueue, args: [3], signal: addItem, signalArgs: [{ id: 's1', value: 'a' }] });
    await waitForProgress(client, workflowId, 1);

    await killProcess(worker, 'SIGKILL');
    await client.connection.close();
    await restartServer('temporal');

    client = await connect();
    worker = await startTsProcess(workerEntry, [taskQueue], 'worker-ready');
    try {
      const handle = client.workflow.getHandle(workflowId);
      await handle.signal(addItem, { id: 's1', value: 'a' });
      await handle.signal(addItem, { id: 's2', value: 'b' });
      await handle.signal(addItem, { id: 's3', value: 'c' });
      expect(await handle.result()).toEqual(['A', 'B', 'C']);
      const history = await handle.fetchHistory();
      const starts = (history.events ?? []).filter((e) => e.workflowExecutionStartedEventAttributes);
      expect(starts).toHaveLength(1);
    } finally {
      await killProcess(worker, 'SIGTERM');
      await client.connection.close();
    }
  });
});
