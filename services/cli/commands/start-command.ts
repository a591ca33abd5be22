import { join } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../shared/config.ts';
import { createRootLogger } from '../../shared/logger.ts';
import { createPlatform } from '../../runtime/platform.ts';
import { startPipeline } from '../../runtime/pipeline.ts';
import { demoKeys, demoPlan, submitDemo } from '../../runtime/demo.ts';
import { describeStories, waitForStories } from '../../runtime/demo-report.ts';
import { PrincipalStore } from '../../shared/auth/principal-store.ts';
import { up } from '../../../infra/stack.ts';
import { printStatus } from './infra-command.ts';

export function startCommand(): Command {
  return new Command('start')
    .description('The main job on its embedded default: local servers up, every service running, sample wire copy flowing through')
    .option('--once', 'stop the services after the sample copy went through (the servers keep running)')
    .option('--log-level <level>', 'service log level (logs go to stderr)', 'warn')
    .action(async (options: { once?: boolean; logLevel: string }) => {
      const config = loadConfig();
      console.log('== servers');
      await up(config, (line) => console.log(line));
      const platform = await createPlatform(config, createRootLogger(options.logLevel, 2));
      const principals = new PrincipalStore(config.ingest.principalsFile);
      const keys = await demoKeys(principals, join(config.runDir, 'demo-keys.json'));
      const pipeline = await startPipeline(platform, principals, { dropDir: config.ingest.dropDir, ingestPort: config.ingest.port, apiPort: config.api.port });
      let stopping: Promise<void> | undefined;
      const stop = () => (stopping ??= pipeline.stop().then(() => platform.close()));
      try {
        console.log(`\n== sample wire copy → ${pipeline.ingestUrl}/v1/items`);
        for (const result of await submitDemo(pipeline.ingestUrl, keys, demoPlan())) {
          const outcome = result.status === 202 ? `${String(result.body.submissionId)}${result.body.replayed ? ' (replayed: already submitted by an earlier run)' : ''}` : `${String(result.body.code)}: ${String(result.body.detail)}`;
          console.log(`${result.file.padEnd(34)} ${result.status} ${outcome}`);
        }
        console.log('\n== stories (consumer API)');
        const stories = await waitForStories(pipeline.apiUrl, keys.reader);
        console.log(describeStories(stories));
        console.log(`\n== where to look
consumer API   ${pipeline.apiUrl}/v1/stories        (Authorization: Bearer ${keys.reader})
feed           ${pipeline.apiUrl}/v1/feed           live: ${pipeline.apiUrl}/v1/stream (SSE)
OpenAPI        ${pipeline.apiUrl}/openapi.json
ingest         ${pipeline.ingestUrl}/v1/items      (provider key: ${keys.wire})
drop folder    ${join(config.ingest.dropDir, 'demo-wire')}/
Temporal UI    http://127.0.0.1:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}/workflows
demo keys      ${join(config.runDir, 'demo-keys.json')}`);
        console.log('\n== servers');
        await printStatus();
      } catch (error) {
        await stop();
        throw error;
      }
      if (options.once) return stop();
      console.log('\nStoryline is running. Ctrl-C stops the services (the servers keep running: `npx storyline infra down`).');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await stop();
    });
}
