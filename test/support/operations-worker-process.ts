// A child process running only an operations worker on the task queue given as argument: killed with SIGKILL by crash tests.
import { startOperationsWorker } from '../../workflows/operations/operations-worker.ts';
import { testPlatform } from './platform.ts';

const taskQueue = process.argv[2];
if (!taskQueue) throw new Error('usage: operations-worker-process <task queue>');
const platform = await testPlatform();
await startOperationsWorker(platform, taskQueue);
console.log('operations worker ready');
