import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../services/shared/config.ts';
import { createKafka } from '../../services/shared/kafka/kafka-client.ts';
import { bringUp, serverStatus, stackServers } from '../../infra/stack.ts';
import { stopProcess } from '../../infra/process-control.ts';
import { startWithTestcontainers } from './testcontainers-stack.ts';
import { TEST_ENVIRONMENT } from './test-environment.ts';

/**
 * Each run starts from an empty test environment: its topics are recreated and its Redis database
 * emptied, so the dedupe index of an earlier run cannot route this run's copy into old stories.
 */
async function resetTestEnvironment(config: Config): Promise<void> {
  const admin = createKafka('storyline-test-setup', config.kafka.brokers).admin();
  await admin.connect();
  try {
    const stale = (await admin.listTopics()).filter((topic) => topic.startsWith(config.kafkaPrefix));
    if (stale.length > 0) await admin.deleteTopics({ topics: stale, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
  const redis = new Redis(config.redis.url);
  await redis.flushdb();
  redis.disconnect();
}

function dockerReachable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Real servers for the integration and e2e tiers: testcontainers where a Docker engine answers,
 * the project's own local provisioning otherwise. Running servers are reused; whatever this run
 * started, it stops. A server that cannot be had fails the run with the reason, never a skip.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.STORYLINE_TEST_DOCKER !== 'false' && dockerReachable()) {
    const stop = await startWithTestcontainers();
    return stop;
  }
  const config = loadConfig({ ...process.env, ...TEST_ENVIRONMENT });
  const started: string[] = [];
  for (const server of stackServers(config)) {
    const before = await serverStatus(server);
    const result = await bringUp(server, (line) => console.log(`[infra] ${line}`));
    if (result.outcome === 'started' && before.state !== 'running') started.push(server.pidFile);
    console.log(`[infra] ${server.name}: ${result.outcome} (${(result.millis / 1000).toFixed(1)} s)`);
  }
  await resetTestEnvironment(config);
  return async () => {
    if (process.env.STORYLINE_KEEP_SERVERS === 'true') return;
    for (const pidFile of started.reverse()) await stopProcess(pidFile);
  };
}
