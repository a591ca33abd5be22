import { join } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../shared/config.ts';
import { createRootLogger } from '../../shared/logger.ts';
import { createPlatform } from '../../shared/platform/platform.ts';
import { startPipeline } from '../../runtime/pipeline.ts';
import { PIPELINE_CONSUMERS } from '../../runtime/consumer-registry.ts';
import { ProcessMetrics } from '../../runtime/ops-metrics.ts';
import { demoItemUri, demoKeys, demoPlan, submitDemo } from '../../runtime/demo.ts';
import { describeStories, sampleSettled, waitForStories } from '../../runtime/demo-report.ts';
import { PrincipalStore } from '../../shared/auth/principal-store.ts';
import { up } from '../../../infra/stack.ts';
import { printStatus } from './infra-command.ts';
import { reenrichStale } from './sample-reenrichment.ts';
import { ENRICHER_VERSION } from '../../enrich/enrich-article.ts';

/** How long a graceful stop may take before the process gives up on it. */
const STOP_TIMEOUT_MS = 30_000;
const DUPLICATE_SIGNAL_MS = 1_500;

/**
 * One owner of shutdown for the process: the first SIGINT/SIGTERM stops the services in order and
 * exits 0; a second one, or a stop that hangs, exits at once.
 */
function onShutdownSignal(stop: () => Promise<void>): { stopped: Promise<void> } {
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let signalledAt: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (signalledAt !== undefined) {
      // A terminal's Ctrl-C reaches every process of the foreground group, and npm and tsx relay it
      // again: copies within a moment of the first are one keypress, not a second request.
      if (Date.now() - signalledAt < DUPLICATE_SIGNAL_MS) return;
      console.error(`\nstoryline: ${signal} again, exiting without waiting`);
      process.exit(130);
    }
    signalledAt = Date.now();
    console.error(`\nstoryline: ${signal} received, stopping the services (the servers keep running)`);
    setTimeout(() => {
      console.error(`storyline: the services did not stop within ${STOP_TIMEOUT_MS / 1000} s, exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    stop().then(
      () => {
        resolveStopped();
        process.exit(0);
      },
      (error: unknown) => {
        console.error('storyline: stopping failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return { stopped };
}

export function startCommand(): Command {
  return new Command('start')
    .description('The main job on its embedded default: local servers up, every service running, sample wire copy flowing through')
    .option('--once', 'stop the services after the sample copy went through (the servers keep running)')
    .option('--log-level <level>', 'service log level (logs go to stderr)', 'warn')
    .action(async (options: { once?: boolean; logLevel: string }) => {
      const config = loadConfig();
      console.log('== servers');
      await up(config, (line) => console.log(line));
      const metrics = new ProcessMetrics(['all']);
      // A consumer that cannot recover crashes the process, as it always did here; its counters feed the console's stage charts.
      const supervision = { observer: metrics, onFatal: (error: Error) => { throw error; } };
      const platform = await createPlatform(config, createRootLogger(options.logLevel, 2), { consumers: PIPELINE_CONSUMERS, supervision });
      const principals = new PrincipalStore(config.ingest.principalsFile);
      const keys = await demoKeys(principals, join(config.runDir, 'demo-keys.json'));
      const pipeline = await startPipeline(platform, principals, { dropDir: config.ingest.dropDir, ingestPort: config.ingest.port, apiPort: config.api.port, metrics });
      let stopping: Promise<void> | undefined;
      const stop = () => (stopping ??= pipeline.stop().then(() => platform.close()));
      const shutdown = onShutdownSignal(stop);
      try {
        console.log(`\n== sample wire copy → ${pipeline.ingestUrl}/v1/items`);
        const plan = demoPlan();
        const results = await submitDemo(pipeline.ingestUrl, keys, plan);
        for (const result of results) {
          const outcome = result.status === 202 ? `${String(result.body.submissionId)}${result.body.replayed ? ' (replayed: already submitted by an earlier run)' : ''}` : `${String(result.body.code)}: ${String(result.body.detail)}`;
          console.log(`${result.file.padEnd(34)} ${result.status} ${outcome}`);
        }
        console.log('\n== stories (consumer API)');
        const itemUris = plan.flatMap((step) => demoItemUri(step) ?? []);
        let stories = await waitForStories(pipeline.apiUrl, keys.reader, itemUris);
        const reenriched = await reenrichStale(pipeline.adminUrl, keys.console, stories, ENRICHER_VERSION);
        if (reenriched && reenriched.changed.length > 0) {
          console.log(`(sample stories from an earlier run re-enriched with ${ENRICHER_VERSION}: replay ${reenriched.replayId}, as \`storyline replay enrichment --stories …\` does)`);
          const changed = new Set(reenriched.changed);
          stories = await waitForStories(pipeline.apiUrl, keys.reader, itemUris, 60_000, (found) => sampleSettled(found) && found.every((s) => !changed.has(s.storyId) || s.enricherVersion === ENRICHER_VERSION));
        }
        console.log(describeStories(stories));
        console.log(`\n== where to look
console        ${pipeline.apiUrl}/console/         (sign in with the key ${keys.console})
consumer API   ${pipeline.apiUrl}/v1/stories        (Authorization: Bearer ${keys.reader})
feed           ${pipeline.apiUrl}/v1/feed           live: ${pipeline.apiUrl}/v1/stream (SSE)
OpenAPI        ${pipeline.apiUrl}/openapi.json
ingest         ${pipeline.ingestUrl}/v1/items      (provider key: ${keys.wire})
drop folder    ${join(config.ingest.dropDir, 'demo-wire')}/
Temporal UI    http://127.0.0.1:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}/workflows
demo keys      ${join(config.runDir, 'demo-keys.json')}`);
        console.log('\n== servers');
        await printStatus(config);
      } catch (error) {
        await stop();
        throw error;
      }
      if (options.once) return stop();
      console.log('\nStoryline is running. Ctrl-C stops the services (the servers keep running: `npx storyline infra down`).');
      await shutdown.stopped;
    });
}
