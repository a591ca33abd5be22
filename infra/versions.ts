/** Every provisioned server's version, pinned in one place (docker-compose.yml mirrors these). */
export const VERSIONS = {
  kafka: '3.9.1',
  temporalCli: '1.5.1',
  temporalServer: '1.29.1',
  /** Temporal's Java time-skipping test server (io.temporal:temporal-test-server), for the time-skipping tests; infra/temporal-test-server/pom.xml names the same. */
  temporalTestServer: '1.31.0',
  redis: '7.0',
  apicurio: '3.3.3',
  mavenDependencyPlugin: '3.6.1',
} as const;
