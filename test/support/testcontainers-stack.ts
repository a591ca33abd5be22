import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerComposeEnvironment, Wait } from 'testcontainers';

const INFRA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../infra');

/**
 * On hosts with a Docker engine: the same servers and versions from infra/docker-compose.yml,
 * on the same loopback ports, so the tests' configuration does not change.
 */
export async function startWithTestcontainers(): Promise<() => Promise<void>> {
  const environment = await new DockerComposeEnvironment(INFRA_DIR, 'docker-compose.yml')
    .withWaitStrategy('kafka-1', Wait.forLogMessage(/Kafka Server started/))
    .withWaitStrategy('schema-registry-1', Wait.forHttp('/apis/ccompat/v7/subjects', 8081))
    .withWaitStrategy('temporal-1', Wait.forLogMessage(/Temporal server/i))
    .up();
  return async () => {
    await environment.down();
  };
}
