import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../services/shared/config.ts';
import { createProbeActivities } from './workflows/probe.activities.ts';

const taskQueue = process.argv[2];
if (!taskQueue) throw new Error('usage: probe-worker <task-queue>');
const config = loadConfig();
const connection = await NativeConnection.connect({ address: config.temporal.address });
const worker = await Worker.create({
  connection,
  namespace: config.temporal.namespace,
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./workflows/probe.workflow.ts', import.meta.url)),
  activities: createProbeActivities(),
});
console.log('worker-ready');
await worker.run();
