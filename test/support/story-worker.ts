import { loadConfig } from '../../services/shared/config.ts';
import { createRootLogger } from '../../services/shared/logger.ts';
import { createPlatform } from '../../services/shared/platform/platform.ts';
import { startStoryWorker } from '../../workflows/worker.ts';

// A story worker in its own process, so tests can kill it (SIGKILL) mid-run as a crash would.
const taskQueue = process.argv[2];
if (!taskQueue) throw new Error('usage: story-worker <task-queue>');
const platform = await createPlatform(loadConfig(), createRootLogger('warn', 2), { clientId: 'storyline-test-worker' });
const worker = await startStoryWorker(platform, taskQueue);
console.log('worker-ready');
process.once('SIGTERM', () => void worker.stop().then(() => platform.close()).then(() => process.exit(0)));
