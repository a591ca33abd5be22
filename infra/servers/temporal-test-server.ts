import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSIONS } from '../versions.ts';
import { copyDependencies } from './maven.ts';

const POM = resolve(dirname(fileURLToPath(import.meta.url)), '../temporal-test-server/pom.xml');

export function temporalTestServerHome(cacheDir: string): string {
  return join(cacheDir, `temporal-test-server-${VERSIONS.temporalTestServer}`);
}

/** The executable the SDK's time-skipping environment runs as `existing-path`: it passes `<port> [extraArgs]`. */
export function temporalTestServerExecutable(cacheDir: string): string {
  return join(temporalTestServerHome(cacheDir), 'bin', 'temporal-test-server');
}

/** The pinned version must be the one the pom resolves; a test holds the two together. */
export function pomVersion(): string {
  const match = /<temporal\.test\.server\.version>([^<]+)<\/temporal\.test\.server\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match) throw new Error(`${POM} names no temporal.test.server.version`);
  return match[1]!;
}

/**
 * Temporal's time-skipping test server is a Java program on Maven Central (the SDK would download a
 * native build at run time, which cannot work offline). Its jars are resolved into the cache once;
 * a wrapper script makes it the executable the SDK expects. `exec` keeps one process, so the SDK's
 * kill at teardown ends the JVM itself. Idempotent: a second call only checks the markers.
 */
export async function provisionTemporalTestServer(cacheDir: string, log: (line: string) => void = () => undefined): Promise<string> {
  const home = temporalTestServerHome(cacheDir);
  const libs = join(home, 'libs');
  const complete = join(libs, '.complete');
  const executable = temporalTestServerExecutable(cacheDir);
  if (!existsSync(complete)) {
    log(`temporal-test-server: resolving io.temporal:temporal-test-server ${VERSIONS.temporalTestServer} and its jars from Maven Central into ${libs}`);
    await copyDependencies(POM, libs);
    writeFileSync(complete, new Date().toISOString());
  }
  const script = [
    '#!/bin/sh',
    `# Temporal time-skipping test server ${VERSIONS.temporalTestServer}, written by infra/servers/temporal-test-server.ts. Usage: <port> [--enable-time-skipping]`,
    // The SDK gives a server five seconds to answer: a client JIT and a small heap start the JVM fastest.
    `exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp '${libs}/*' io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
  if (!existsSync(executable) || readFileSync(executable, 'utf8') !== script) {
    mkdirSync(dirname(executable), { recursive: true });
    writeFileSync(executable, script);
    chmodSync(executable, 0o755);
  }
  return executable;
}
