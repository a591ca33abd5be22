import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config as InfraConfig } from '../../services/shared/config.ts';
import { VERSIONS } from '../versions.ts';
import { execFileAsync, spawnDetached } from '../process-control.ts';
import type { ManagedServer } from './managed-server.ts';
import { copyArtifact } from './maven.ts';

const JVM_DIR = '/usr/lib/jvm';

function javaMajor(javaHome: string): number {
  const release = join(javaHome, 'release');
  if (!existsSync(release)) return 0;
  const match = /JAVA_VERSION="(\d+)/.exec(readFileSync(release, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** Apicurio 3 needs Java 21+, while Kafka stays on the machine's default Java 17. */
export function findJava21(config: InfraConfig): string {
  if (config.registry.javaHome) return config.registry.javaHome;
  const homes = existsSync(JVM_DIR) ? readdirSync(JVM_DIR).map((d) => join(JVM_DIR, d)) : [];
  const best = homes.filter((h) => javaMajor(h) >= 21).sort((a, b) => javaMajor(b) - javaMajor(a))[0];
  if (!best) throw new Error(`no Java 21+ under ${JVM_DIR}; set STORYLINE_REGISTRY_JAVA_HOME`);
  return best;
}

export function schemaRegistryServer(config: InfraConfig, kafkaBootstrap: string): ManagedServer {
  const cache = join(config.cacheDir, `apicurio-${VERSIONS.apicurio}`);
  const appDir = join(cache, 'app');
  const complete = join(appDir, '.complete');
  const { localPort: port, localManagementPort: managementPort } = config.registry;
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  return {
    name: 'schema-registry',
    version: `apicurio ${VERSIONS.apicurio}`,
    ports: [port, managementPort],
    logPath: join(config.runDir, 'logs', 'schema-registry.log'),
    pidFile: join(config.runDir, 'pids', 'schema-registry.pid'),
    endpoints: { confluentApi: url, ui: `http://127.0.0.1:${port}/apis/registry/v3` },
    readyTimeoutMs: 180_000,
    async provision(log) {
      if (existsSync(complete)) return;
      const tarball = join(cache, `apicurio-registry-app-${VERSIONS.apicurio}-all.tar.gz`);
      if (!existsSync(tarball)) {
        log(`schema-registry: fetching io.apicurio:apicurio-registry-app:${VERSIONS.apicurio} from Maven Central`);
        await copyArtifact(`io.apicurio:apicurio-registry-app:${VERSIONS.apicurio}:tar.gz:all`, cache);
      }
      mkdirSync(appDir, { recursive: true });
      await execFileAsync('tar', ['-xzf', tarball, '-C', appDir]);
      writeFileSync(complete, new Date().toISOString());
    },
    start() {
      const javaHome = findJava21(config);
      spawnDetached({
        command: join(javaHome, 'bin', 'java'),
        args: [
          '-Xmx384m',
          '-Dquarkus.http.host=127.0.0.1',
          `-Dquarkus.http.port=${port}`,
          '-Dquarkus.management.host=127.0.0.1',
          `-Dquarkus.management.port=${managementPort}`,
          '-Dapicurio.rules.global.compatibility=BACKWARD',
          '-Dapicurio.storage.kind=kafkasql',
          `-Dapicurio.kafkasql.bootstrap.servers=${kafkaBootstrap}`,
          '-jar', join(appDir, 'quarkus-run.jar'),
        ],
        cwd: appDir,
        env: { ...process.env, JAVA_HOME: javaHome },
        logPath: this.logPath,
        pidFile: this.pidFile,
      });
      return Promise.resolve();
    },
    async isReady() {
      const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) });
      return response.ok;
    },
  };
}
