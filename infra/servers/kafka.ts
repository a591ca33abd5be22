import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import type { Config as InfraConfig } from '../../services/shared/config.ts';
import { VERSIONS } from '../versions.ts';
import { execFileAsync, spawnDetached } from '../process-control.ts';
import type { ManagedServer } from './managed-server.ts';
import { copyDependencies } from './maven.ts';

const POM = resolve(dirname(fileURLToPath(import.meta.url)), '../kafka/pom.xml');
// A fixed cluster id: the local node is formatted once and keeps its log across restarts.
const CLUSTER_ID = Buffer.from('storyline-local!').toString('base64url');

export function kafkaLibs(config: InfraConfig): string {
  return join(config.cacheDir, `kafka-${VERSIONS.kafka}`, 'libs');
}

export function kafkaServer(config: InfraConfig): ManagedServer {
  const home = join(config.runDir, 'kafka');
  const libs = kafkaLibs(config);
  const complete = join(libs, '.complete');
  const { localPort: port, localControllerPort: controllerPort } = config.kafka;
  const properties = join(home, 'server.properties');
  const log4j = join(home, 'log4j.properties');
  const bootstrap = `127.0.0.1:${port}`;

  const writeConfig = () => {
    mkdirSync(join(home, 'data'), { recursive: true });
    writeFileSync(
      properties,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
        `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        `log.dirs=${join(home, 'data')}`,
        'num.partitions=3',
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'transaction.state.log.num.partitions=1',
        'group.initial.rebalance.delay.ms=0',
        'log.cleaner.dedupe.buffer.size=33554432',
        'auto.create.topics.enable=false',
        '',
      ].join('\n'),
    );
    writeFileSync(
      log4j,
      ['log4j.rootLogger=WARN, stdout', 'log4j.logger.kafka=INFO', 'log4j.logger.org.apache.kafka=WARN', 'log4j.appender.stdout=org.apache.log4j.ConsoleAppender', 'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout', 'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n', ''].join('\n'),
    );
  };

  return {
    name: 'kafka',
    version: VERSIONS.kafka,
    ports: [port, controllerPort],
    logPath: join(config.runDir, 'logs', 'kafka.log'),
    pidFile: join(config.runDir, 'pids', 'kafka.pid'),
    endpoints: { bootstrap },
    readyTimeoutMs: 120_000,
    async provision(log) {
      if (existsSync(complete)) return;
      log(`kafka: resolving kafka_2.13 ${VERSIONS.kafka} jars from Maven Central into ${libs}`);
      await copyDependencies(POM, libs);
      writeFileSync(complete, new Date().toISOString());
    },
    async start() {
      writeConfig();
      await execFileAsync('java', ['-cp', `${libs}/*`, `-Dlog4j.configuration=file:${log4j}`, 'kafka.tools.StorageTool', 'format', '-t', CLUSTER_ID, '-c', properties, '--ignore-formatted']);
      spawnDetached({
        command: 'java',
        args: ['-Xms512m', '-Xmx512m', '-XX:+UseG1GC', `-Dlog4j.configuration=file:${log4j}`, '-cp', `${libs}/*`, 'kafka.Kafka', properties],
        logPath: this.logPath,
        pidFile: this.pidFile,
      });
    },
    async isReady() {
      const admin = new Kafka({ clientId: 'storyline-infra', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      } finally {
        await admin.disconnect();
      }
    },
  };
}
