import { VERSIONS } from '../versions.ts';
import { execFileAsync } from '../process-control.ts';

const plugin = `org.apache.maven.plugins:maven-dependency-plugin:${VERSIONS.mavenDependencyPlugin}`;

export async function copyDependencies(pom: string, outputDirectory: string): Promise<void> {
  await execFileAsync('mvn', ['-B', '-q', '-f', pom, `${plugin}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${outputDirectory}`], { maxBuffer: 64 * 1024 * 1024 });
}

export async function copyArtifact(artifact: string, outputDirectory: string): Promise<void> {
  await execFileAsync('mvn', ['-B', '-q', `${plugin}:copy`, `-Dartifact=${artifact}`, `-DoutputDirectory=${outputDirectory}`], { maxBuffer: 64 * 1024 * 1024 });
}
