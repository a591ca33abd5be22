import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../shared/config.ts';
import { createRootLogger } from '../../shared/logger.ts';
import { createPlatform } from '../../shared/platform/platform.ts';
import { PIPELINE_CONSUMERS } from '../../runtime/consumer-registry.ts';
import { ProcessMetrics } from '../../runtime/ops-metrics.ts';
import { parseServiceNames, SERVICE_NAMES, startServiceProcess } from '../../runtime/service-process.ts';
import { PrincipalStore } from '../../shared/auth/principal-store.ts';

/** A consumer crashed beyond recovery: exit so the supervisor (systemd, Kubernetes, compose, chaos) restarts the process. */
export const EXIT_UNRECOVERABLE = 70;
const STOP_TIMEOUT_MS = 30_000;

function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port number, 0 = any free port');
  return port;
}

export function runCommand(): Command {
  return new Command('run')
    .description(`Runs some services in this process against running servers (${SERVICE_NAMES.join(', ')}); several processes of a service share its work`)
    .argument('<services...>', `one or more of: ${SERVICE_NAMES.join(', ')}`)
    .option('--ops-port <port>', 'operations port (/health, /ready, /metrics); 0 = any free port; default STORYLINE_OPS_PORT', portOption)
    .option('--ingest-port <port>', 'ingest HTTP port; default STORYLINE_INGEST_PORT', portOption)
    .option('--api-port <port>', 'consumer API HTTP port; default STORYLINE_API_PORT', portOption)
    .option('--drop-dir', 'also watch the drop folder (STORYLINE_DROP_DIR) when running ingest')
    .action(async (names: string[], options: { opsPort?: number; ingestPort?: number; apiPort?: number; dropDir?: boolean }) => {
      const services = parseServiceNames(names);
      const config = loadConfig();
      const logger = createRootLogger(config.logLevel, 2).child({ services: services.join(',') });
      const metrics = new ProcessMetrics(services);
      let exiting = false;
      const onFatal = (error: Error) => {
        if (exiting) return;
        exiting = true;
        logger.fatal({ err: error }, 'unrecoverable failure; exiting for the supervisor to restart the process');
        process.exit(EXIT_UNRECOVERABLE);
      };
      const platform = await createPlatform(config, logger, { clientId: `storyline-${services.join('-')}`, consumers: PIPELINE_CONSUMERS, supervision: { observer: metrics, onFatal } });
      const principals = new PrincipalStore(config.ingest.principalsFile);
      const running = await startServiceProcess(platform, principals, metrics, {
        services,
        opsPort: options.opsPort ?? config.ops.port,
        ingestPort: options.ingestPort ?? config.ingest.port,
        apiPort: options.apiPort ?? config.api.port,
        ...(options.dropDir ? { dropDir: config.ingest.dropDir } : {}),
      }).catch(async (error: unknown) => {
        await platform.close();
        throw error;
      });
      // One line on stdout for supervisors and scripts: where this process answers.
      console.log(JSON.stringify({ event: 'ready', id: running.id, pid: process.pid, services, ops: running.opsUrl, urls: running.urls }));
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          if (exiting) process.exit(130);
          exiting = true;
          logger.info({ signal }, 'stopping the services');
          setTimeout(() => {
            logger.error(`the services did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
            process.exit(1);
          }, STOP_TIMEOUT_MS).unref();
          running
            .stop()
            .then(() => platform.close())
            .then(() => {
              logger.info('stopped');
              resolve();
              process.exit(0);
            }, (error: unknown) => {
              logger.error({ err: error }, 'stopping failed');
              process.exit(1);
            });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
