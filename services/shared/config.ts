import type { TracingConfig } from './tracing/tracing.ts';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const cacheDefault = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'storyline');

/**
 * Every environment key Storyline reads, with its default and meaning. The defaults point at the
 * servers `storyline infra up` runs on loopback; the README's configuration table lists these.
 */
export const CONFIG_KEYS = {
  STORYLINE_CACHE_DIR: { schema: z.string().min(1), default: cacheDefault, doc: 'Downloads, builds and server data (outside the repo, reused across clones)' },
  STORYLINE_RUN_DIR: { schema: z.string(), default: '', doc: 'Data, logs and pids of the local servers (default `<cache dir>/run`); with other ports, a second set of servers runs beside the first (the chaos run starts one of its own)' },
  STORYLINE_KAFKA_PORT: { schema: port, default: '9092', doc: 'Local Kafka broker port' },
  STORYLINE_KAFKA_CONTROLLER_PORT: { schema: port, default: '9093', doc: 'Local Kafka KRaft controller port' },
  STORYLINE_REGISTRY_PORT: { schema: port, default: '8081', doc: 'Local schema registry (Apicurio) HTTP port' },
  STORYLINE_REGISTRY_MANAGEMENT_PORT: { schema: port, default: '9001', doc: 'Local schema registry management (health) port' },
  STORYLINE_REGISTRY_JAVA_HOME: { schema: z.string(), default: '', doc: 'Java 21+ for the registry; empty = the newest JDK under /usr/lib/jvm' },
  STORYLINE_REDIS_PORT: { schema: port, default: '6390', doc: 'Local Redis port (not 6379, to stay clear of a system Redis)' },
  STORYLINE_TEMPORAL_PORT: { schema: port, default: '7233', doc: 'Local Temporal frontend gRPC port (its HTTP API takes this + 10)' },
  STORYLINE_TEMPORAL_UI_PORT: { schema: port, default: '8233', doc: 'Local Temporal web UI port' },
  STORYLINE_TEMPORAL_HEADLESS: { schema: bool, default: 'false', doc: 'Run the local Temporal server without its web UI' },
  STORYLINE_KAFKA_BROKERS: { schema: z.string().regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/).or(z.literal('')), default: '', doc: 'Kafka bootstrap servers, comma-separated; empty = the local broker' },
  STORYLINE_REGISTRY_URL: { schema: z.string().url().or(z.literal('')), default: '', doc: 'Confluent-compatible registry base URL; empty = the local Apicurio ccompat API' },
  STORYLINE_ENV: { schema: z.string().regex(/^[a-z0-9-]{0,20}$/), default: '', doc: 'Environment name; when set, prefixes topic names, consumer groups and transactional ids (`<env>.story.events.v1`) so environments can share one cluster (the tests use `test`)' },
  STORYLINE_REDIS_DB: { schema: z.coerce.number().int().min(0).max(15), default: '0', doc: 'Database of the local Redis instance (the tests use 1)' },
  STORYLINE_REDIS_URL: { schema: z.string().url().or(z.literal('')), default: '', doc: 'Redis URL; empty = the local instance' },
  STORYLINE_TEMPORAL_ADDRESS: { schema: z.string().regex(/^[^:\s]+:\d+$/).or(z.literal('')), default: '', doc: 'Temporal frontend host:port; empty = the local dev server' },
  STORYLINE_TEMPORAL_NAMESPACE: { schema: z.string().regex(/^[a-z0-9-]+$/), default: 'storyline', doc: 'Temporal namespace (created when missing; the tests use storyline-test)' },
  STORYLINE_INGEST_PORT: { schema: port, default: '8080', doc: 'Ingest HTTP API port' },
  STORYLINE_API_PORT: { schema: port, default: '8090', doc: 'Consumer HTTP API port' },
  STORYLINE_OPS_PORT: { schema: z.coerce.number().int().min(0).max(65535), default: '0', doc: 'Operations port of a `storyline run` process (/health, /ready, /metrics); 0 = any free port' },
  STORYLINE_API_CURSOR_KEY: { schema: z.string().refine((v) => v === '' || v.length >= 32, 'at least 32 characters'), default: '', doc: 'Key that signs the consumer API cursors (32+ characters, the same for every API process); empty = one generated once and kept in Redis' },
  STORYLINE_ROUTER_CONCURRENCY: { schema: z.coerce.number().int().min(1).max(64), default: '3', doc: 'Submissions a router process handles at once, one per partition of wire.submissions.v1 (each partition in order; routing itself stays one at a time)' },
  STORYLINE_ADMIN_PORT: { schema: port, default: '8095', doc: 'Admin (operator) HTTP API port' },
  STORYLINE_ADMIN_HOST: { schema: z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/), default: '127.0.0.1', doc: 'Address the admin API listens on: loopback unless set (e.g. 0.0.0.0 behind a firewall)' },
  STORYLINE_PRINCIPALS_FILE: { schema: z.string(), default: '', doc: 'Providers and consumers with their hashed API keys (JSON); empty = <cache dir>/principals.json' },
  STORYLINE_DROP_DIR: { schema: z.string(), default: '', doc: 'Watched drop folder, one sub-folder per provider id; empty = <cache dir>/drop' },
  STORYLINE_TRACING: { schema: z.enum(['off', 'otlp']), default: 'off', doc: 'OpenTelemetry traces: off, or otlp to export spans over OTLP/HTTP (JSON) to STORYLINE_OTLP_TRACES_URL' },
  STORYLINE_OTLP_TRACES_URL: { schema: z.string().url(), default: 'http://127.0.0.1:4318/v1/traces', doc: 'OTLP/HTTP traces endpoint (an OpenTelemetry Collector, Jaeger, Tempo…); OTEL_EXPORTER_OTLP_HEADERS adds headers such as credentials' },
  STORYLINE_LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', doc: 'Log level (pino)' },
} as const;

type Keys = typeof CONFIG_KEYS;
type RawConfig = { [K in keyof Keys]: z.output<Keys[K]['schema']> };

export interface Config {
  readonly cacheDir: string;
  /** Server data (Kafka log, Temporal SQLite, Redis AOF), logs and pid files. */
  readonly runDir: string;
  readonly logLevel: RawConfig['STORYLINE_LOG_LEVEL'];
  /** Prefix of topic names, consumer groups and transactional ids: '' or '<env>.'. */
  readonly kafkaPrefix: string;
  readonly kafka: { readonly brokers: readonly string[]; readonly localPort: number; readonly localControllerPort: number };
  readonly registry: { readonly url: string; readonly localPort: number; readonly localManagementPort: number; readonly javaHome: string | undefined };
  readonly redis: { readonly url: string; readonly localPort: number };
  readonly temporal: { readonly address: string; readonly namespace: string; readonly localPort: number; readonly uiPort: number; readonly headless: boolean };
  readonly ingest: { readonly port: number; readonly principalsFile: string; readonly dropDir: string };
  readonly api: { readonly port: number; readonly cursorKey: string | null };
  readonly ops: { readonly port: number };
  readonly router: { readonly concurrency: number };
  readonly admin: { readonly port: number; readonly host: string };
  readonly tracing: TracingConfig;
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(readonly key: string, reason: string) {
    super(`invalid configuration ${key}: ${reason}`);
    this.name = 'ConfigError';
  }
}

function readKeys(env: NodeJS.ProcessEnv): RawConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG_KEYS)) {
    const value = env[key] ?? spec.default;
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) throw new ConfigError(key, `${JSON.stringify(value)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    raw[key] = parsed.data;
  }
  return raw as RawConfig;
}

/** Parsed and validated once at start-up; a bad value stops the process with the key's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = readKeys(env);
  return {
    cacheDir: e.STORYLINE_CACHE_DIR,
    runDir: e.STORYLINE_RUN_DIR || join(e.STORYLINE_CACHE_DIR, 'run'),
    logLevel: e.STORYLINE_LOG_LEVEL,
    kafkaPrefix: e.STORYLINE_ENV ? `${e.STORYLINE_ENV}.` : '',
    kafka: {
      brokers: (e.STORYLINE_KAFKA_BROKERS || `127.0.0.1:${e.STORYLINE_KAFKA_PORT}`).split(','),
      localPort: e.STORYLINE_KAFKA_PORT,
      localControllerPort: e.STORYLINE_KAFKA_CONTROLLER_PORT,
    },
    registry: {
      url: e.STORYLINE_REGISTRY_URL || `http://127.0.0.1:${e.STORYLINE_REGISTRY_PORT}/apis/ccompat/v7`,
      localPort: e.STORYLINE_REGISTRY_PORT,
      localManagementPort: e.STORYLINE_REGISTRY_MANAGEMENT_PORT,
      javaHome: e.STORYLINE_REGISTRY_JAVA_HOME || undefined,
    },
    redis: { url: e.STORYLINE_REDIS_URL || `redis://127.0.0.1:${e.STORYLINE_REDIS_PORT}/${e.STORYLINE_REDIS_DB}`, localPort: e.STORYLINE_REDIS_PORT },
    temporal: {
      address: e.STORYLINE_TEMPORAL_ADDRESS || `127.0.0.1:${e.STORYLINE_TEMPORAL_PORT}`,
      namespace: e.STORYLINE_TEMPORAL_NAMESPACE,
      localPort: e.STORYLINE_TEMPORAL_PORT,
      uiPort: e.STORYLINE_TEMPORAL_UI_PORT,
      headless: e.STORYLINE_TEMPORAL_HEADLESS,
    },
    ingest: { port: e.STORYLINE_INGEST_PORT, principalsFile: e.STORYLINE_PRINCIPALS_FILE || join(e.STORYLINE_CACHE_DIR, 'principals.json'), dropDir: e.STORYLINE_DROP_DIR || join(e.STORYLINE_CACHE_DIR, 'drop') },
    api: { port: e.STORYLINE_API_PORT, cursorKey: e.STORYLINE_API_CURSOR_KEY || null },
    router: { concurrency: e.STORYLINE_ROUTER_CONCURRENCY },
    ops: { port: e.STORYLINE_OPS_PORT },
    admin: { port: e.STORYLINE_ADMIN_PORT, host: e.STORYLINE_ADMIN_HOST },
    tracing: { exporter: e.STORYLINE_TRACING, otlpTracesUrl: e.STORYLINE_OTLP_TRACES_URL, exportDelayMs: 1_000 },
  };
}
