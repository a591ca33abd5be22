import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadavg } from 'node:os';
import { SchemaCatalog } from '../../contracts/avro-codec.ts';
import { topicCatalogue } from '../../contracts/topics.ts';
import { loadConfig } from '../../shared/config.ts';
import { createKafka } from '../../shared/kafka/kafka-client.ts';
import { codecBench } from '../../bench/codec-bench.ts';
import { kafkaBench } from '../../bench/kafka-bench.ts';
import { inOwnProcess } from '../../bench/own-process.ts';
import type { RebuildBenchTask } from '../../bench/rebuild-bench-process.ts';
import { dedupeScaleBench } from '../../bench/dedupe-scale-bench.ts';
import { machine, machineLine, withRatio } from '../../bench/bench-report.ts';
import { formatRows, type BenchRow } from '../../bench/measure.ts';
import { markdownReport, type BenchRun } from '../../bench/markdown-report.ts';
import { parseBench } from '../../bench/parse-bench.ts';
import { routingBench } from '../../bench/routing-bench.ts';
import { generateWireStream } from '../../bench/wire-stream.ts';
import { parseItem } from '../../ingest/parsers/index.ts';
import { kafkaLibs } from '../../../infra/servers/kafka.ts';
import { readPid } from '../../../infra/process-control.ts';
import { stackServers, up } from '../../../infra/stack.ts';
import { sampleArticles, seedSubmission } from '../../runtime/sample-copy.ts';
import { enrichBench } from '../../bench/enrich-bench.ts';
import { ADVERSARIAL_SHAPES, adversarialBench, formatAdversarialRows, parserSubjects } from '../../bench/adversarial-bench.ts';
import { ENRICHER_SHAPES, enricherSubject } from '../../bench/enrich-adversarial-bench.ts';
import { createEnricher } from '../../enrich/enrich-article.ts';
import { e2eLatencyBench, formatE2eReport, reutersSource, type E2eReport } from '../../bench/e2e-latency-bench.ts';
import { e2eChart } from '../../bench/e2e-chart.ts';
import { routingLockBench, type LockShare } from '../../bench/routing-lock-bench.ts';
import { temporalDecisionsBench, type DecisionRate } from '../../bench/temporal-decisions-bench.ts';
import { loadEnrichmentModels } from '../../enrich/load-models.ts';

const SAMPLE_NINJS = fileURLToPath(new URL('../../runtime/sample-copy/03-geneva-talks-rewrite.json', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REBUILD_PROCESS = fileURLToPath(new URL('../../bench/rebuild-bench-process.ts', import.meta.url));
const RESULTS_DIR = join(REPO_ROOT, 'services', 'bench', 'results');

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function positiveNumbers(value: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0)) throw new InvalidArgumentError('expected numbers > 0, comma-separated');
  return list;
}

function warmupAndMeasure(value: string): [number, number] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length !== 2 || list.some((n) => !Number.isFinite(n) || n < 0) || list[1]! <= 0) throw new InvalidArgumentError('expected <warm-up seconds>,<measure seconds>, e.g. 60,120');
  return [list[0]!, list[1]!];
}

interface BenchOptions {
  json: boolean;
  markdownFrom?: string;
  quick: boolean;
  records?: number;
  recordSizes?: string;
  runs?: number;
  kafka: boolean;
  clients: boolean;
  rebuild: boolean;
  rebuildStories?: number;
  dedupeScale: boolean;
  dedupeItems?: number;
  routingItems?: number;
  routingRuns?: number;
  routing: boolean;
  adversarial: boolean;
  e2e: boolean;
  e2eRates?: number[];
  e2eSeconds?: [number, number];
  e2eDrainSeconds?: number;
  benchRedisDb: number;
  routingLock: boolean;
  routingLockItems?: number;
  temporalDecisions: boolean;
  temporalRates?: number[];
  temporalSeconds?: number;
  e2eCpuProf?: string;
  data?: string;
  out?: string;
}

/** The sizes of a run: `--quick` for a short form, each overridable. */
function sizes(options: BenchOptions) {
  const quick = options.quick;
  return {
    records: options.records ?? (quick ? 10_000 : 50_000),
    recordSizes: (options.recordSizes ?? '1024,8192').split(',').map((n) => positiveInteger(n.trim())),
    runs: options.runs ?? (quick ? 1 : 3),
    rebuildStories: options.rebuildStories ?? (quick ? 1_000 : 5_000),
    dedupeItems: options.dedupeItems ?? (quick ? 100_000 : 1_000_000),
    dedupeProbes: quick ? 300 : 1_000,
    routingItems: options.routingItems ?? (quick ? 1_000 : 3_000),
    routingRuns: options.routingRuns ?? (quick ? 1 : 3),
    e2eRates: options.e2eRates ?? (quick ? [5, 10] : [10, 25, 50, 100]),
    e2eSeconds: options.e2eSeconds ?? (quick ? ([5, 15] as [number, number]) : ([30, 60] as [number, number])),
    e2eDrainSeconds: options.e2eDrainSeconds ?? (quick ? 30 : 60),
    routingLockItems: options.routingLockItems ?? (quick ? 300 : 1_000),
    temporalRates: options.temporalRates ?? (quick ? [5, 10, 20] : [5, 10, 20, 40, 80]),
    temporalSeconds: options.temporalSeconds ?? (quick ? 10 : 20),
  };
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('Benchmarks, each printed beside a baseline measured in the same run (medians; compare ratios, machines are noisy)')
    .option('--json', 'print one JSON object (every row with its baseline and ratio, the machine and its load)', false)
    .option('--quick', 'a short form: fewer records, stories and runs', false)
    .option('--records <n>', 'records per Kafka run (default 50000, quick 10000)', positiveInteger)
    .option('--record-sizes <bytes,…>', 'Kafka record sizes', '1024,8192')
    .option('--runs <n>', 'Kafka and rebuild runs (median reported; default 3, quick 1)', positiveInteger)
    .option('--no-kafka', 'skip the benchmarks that need servers (Kafka clients, projection rebuild)')
    .option('--no-clients', 'skip the Kafka client benchmarks (kafkajs against the Java tools)')
    .option('--no-rebuild', 'skip the projection rebuild benchmark')
    .option('--rebuild-stories <n>', 'generated stories in the rebuild benchmark (default 5000, quick 1000)', positiveInteger)
    .option('--no-dedupe-scale', 'skip the dedupe index at scale (candidate lookups with many items in Redis)')
    .option('--dedupe-items <n>', 'generated items bulk-loaded into the dedupe index (default 1000000, quick 100000)', positiveInteger)
    .option('--routing-items <n>', 'generated items per routing run (default 3000, quick 1000)', positiveInteger)
    .option('--routing-runs <n>', 'routing runs of each mode (median reported; default 3, quick 1)', positiveInteger)
    .option('--no-routing', 'skip the routing benchmark (dedupe router with and without regrouping, in process)')
    .option('--no-temporal-decisions', 'skip the Temporal story decisions per second (signal-with-start at rising rates, one story worker in process)')
    .option('--temporal-rates <n,…>', 'offered signals/s, rising until one is not kept up with (default 5,10,20,40,80; quick 5,10,20)', positiveNumbers)
    .option('--temporal-seconds <n>', 'seconds per Temporal rate (default 20, quick 10)', positiveInteger)
    .option('--no-e2e', 'skip the end-to-end latency section (Reuters-21578 POSTed open loop to a pipeline of its own)')
    .option('--e2e-rates <n,…>', 'offered loads in articles/s (default 10,25,50,100; quick 5,10)', positiveNumbers)
    .option('--e2e-seconds <warmup,measure>', 'seconds of warm-up and of measurement per rate (default 30,60; quick 5,15)', warmupAndMeasure)
    .option('--e2e-drain-seconds <n>', 'how long outcomes may arrive after a rate’s last request before the rate counts as saturated (default 60, quick 30)', positiveInteger)
    .option('--bench-redis-db <n>', 'Redis database of the e2e and routing-lock sections: empty or the benchmark’s own, flushed afterwards', (v) => Number(v), 12)
    .option('--no-routing-lock', 'skip the routing throughput (1, 2 and 4 router processes against the Redis index, lock-free and under the global lock of earlier releases)')
    .option('--routing-lock-items <n>', 'generated items per routing-lock run (default 1000, quick 300)', positiveInteger)
    .option('--e2e-cpu-prof <dir>', 'write the pipeline process’s V8 CPU profile into this folder (node --cpu-prof)')
    .option('--data <dir>', 'the shared data folder (default STORYLINE_DATA_DIR, else ../shared/data beside the repository)')
    .option('--out <file.json>', 'also write the JSON report to this file, and the e2e latency chart beside it (<name>-e2e-latency.svg)')
    .option('--no-adversarial', 'skip the adversarial-input rows (every parser fed 10 KB, 100 KB and 1 MB hostile inputs)')
    .option('--markdown-from <file.json>', 'run nothing: print the README tables of a run saved by --out or --json')
    .action(async (options: BenchOptions) => {
      if (options.markdownFrom) {
        const run = JSON.parse(readFileSync(options.markdownFrom, 'utf8')) as BenchRun;
        if (!Array.isArray(run.rows) || typeof run.machine !== 'object') throw new InvalidArgumentError(`${options.markdownFrom} is not a run written by storyline bench --json`);
        console.log(markdownReport(run, options.markdownFrom));
        return;
      }
      const size = sizes(options);
      const loadBefore = loadavg();
      const startedAt = new Date().toISOString();
      const rows: BenchRow[] = [];
      let e2e = null as E2eReport | null;
      let routingLock = null as LockShare[] | null;
      let temporalDecisions = null as DecisionRate[] | null;
      // A section that fails (a broker answering late on a loaded machine) is reported, and the others still run.
      const failures: Array<{ section: string; error: string }> = [];
      const section = async (name: string, work: () => Promise<unknown>) => {
        try {
          await work();
        } catch (error) {
          failures.push({ section: name, error: error instanceof Error ? error.message : String(error) });
        }
      };
      const catalog = SchemaCatalog.fromSchemasDir();
      rows.push(...codecBench(catalog, seedSubmission(parseItem)));
      rows.push(parseBench(SAMPLE_NINJS));
      const enrich = createEnricher(loadEnrichmentModels());
      rows.push(enrichBench(sampleArticles(parseItem), enrich));
      if (options.routing) rows.push(await routingBench(generateWireStream(size.routingItems), size.routingRuns));
      if (options.kafka) {
        const config = loadConfig();
        const topics = topicCatalogue(config.kafkaPrefix);
        await up(config, () => undefined, ['redis', 'kafka', 'schema-registry']);
        const kafka = createKafka('storyline-bench', config.kafka.brokers);
        if (options.clients) await section('kafka clients', async () => rows.push(...(await kafkaBench(kafka, { brokers: config.kafka.brokers.join(','), libs: kafkaLibs(config), topicPrefix: topics.prefix, records: size.records, recordSizes: size.recordSizes, runs: size.runs, sendBatch: 1000, consumerMaxBytes: 8 * 1024 * 1024 }))));
        if (options.rebuild) {
          const task: RebuildBenchTask = { stories: size.rebuildStories, runs: size.runs };
          await section('projection rebuild', async () => rows.push(...(await inOwnProcess<BenchRow[]>(REBUILD_PROCESS, task, 'projection rebuild'))));
        }
        if (options.dedupeScale) {
          await section('dedupe index at scale', async () => rows.push(...(await dedupeScaleBench({ items: size.dedupeItems, probes: size.dedupeProbes, log: (line) => console.error(line) })).rows));
        }
        if (options.routingLock) {
          const redisUrl = loadConfig({ ...process.env, STORYLINE_REDIS_DB: String(options.benchRedisDb) }).redis.url;
          await section('routing lock share', async () => {
            const reuters = join(resolve(options.data ?? process.env.STORYLINE_DATA_DIR ?? join(REPO_ROOT, '..', 'shared', 'data')), 'reuters21578', 'sgm-data');
            const result = await routingLockBench(redisUrl, size.routingLockItems, existsSync(reuters) ? { reutersDir: reuters } : {});
            routingLock = result.shares;
            rows.push(...result.rows);
          });
        }
        if (options.temporalDecisions) {
          await up(config, () => undefined);
          await section('temporal story decisions', async () => {
            temporalDecisions = await temporalDecisionsBench({ rates: size.temporalRates, seconds: size.temporalSeconds, drainSeconds: 30, redisDb: options.benchRedisDb, articles: sampleArticles(parseItem), log: (line) => console.error(line) });
            const best = Math.max(...temporalDecisions.map((r) => r.decisionsPerSecond));
            const top = temporalDecisions.at(-1)!;
            rows.push({ name: 'Temporal story decisions (dev server)', ours: { label: 'decisions/s, best rate', value: best }, baseline: { label: `offered at the last rate`, value: top.offeredRate }, unit: '/s', note: temporalDecisions.map((r) => `${r.offeredRate}/s offered → ${r.decisionsPerSecond}/s decided, p50 ${r.latency.p50} ms, p99 ${r.latency.p99 ?? '∞'} ms${r.keptUp ? '' : ' (not kept up)'}`).join('; ') });
          });
        }
        if (options.e2e) {
          await up(config, () => undefined);
          const dataDir = resolve(options.data ?? process.env.STORYLINE_DATA_DIR ?? join(REPO_ROOT, '..', 'shared', 'data'));
          await section('end-to-end latency', async () => {
            e2e = await e2eLatencyBench({ rates: size.e2eRates, warmupSeconds: size.e2eSeconds[0], measureSeconds: size.e2eSeconds[1], drainSeconds: size.e2eDrainSeconds, baselineSeconds: Math.min(size.e2eSeconds[1], 20), source: await reutersSource(dataDir), redisDb: options.benchRedisDb, historySample: 200, serverPids: new Map(stackServers(config).map((server) => [server.name, readPid(server.pidFile)])), ...(options.e2eCpuProf ? { cpuProfDir: resolve(options.e2eCpuProf) } : {}), log: (line) => console.error(line) });
            for (const r of e2e.rates) {
              if (r.readable.p99 !== null && r.baseline.p99 !== null) rows.push({ name: `e2e POST→readable p99 at ${r.offeredRate}/s`, ours: { label: 'pipeline (one process)', value: r.readable.p99 }, baseline: { label: 'Kafka produce→consume p99', value: r.baseline.p99 }, unit: 'ms', note: `open loop, ${r.warmupSeconds} s warm-up + ${r.measureSeconds} s measured; achieved ${r.achievedRate}/s; p50 ${r.readable.p50} ms, max ${r.readable.max} ms` });
            }
          });
        }
      }
      const adversarial = options.adversarial ? adversarialRows(enrich) : null;
      const report = JSON.stringify({ startedAt, machine: machine(loadBefore), sizes: size, rows: rows.map(withRatio), failures, adversarial, e2e, routingLock, temporalDecisions }, null, 2);
      if (options.out || options.json) {
        const jsonFile = options.out ? resolve(options.out) : null;
        if (jsonFile) {
          mkdirSync(dirname(jsonFile), { recursive: true });
          writeFileSync(jsonFile, `${report}\n`);
        }
        if (e2e && e2e.rates.length > 0) {
          const base = jsonFile ? basename(jsonFile, '.json') : startedAt.slice(0, 10);
          const svgFile = join(jsonFile ? dirname(jsonFile) : RESULTS_DIR, `${base}${base.endsWith('e2e') ? '' : '-e2e'}-latency.svg`);
          writeFileSync(svgFile, e2eChart(e2e, machine(loadBefore), startedAt));
          console.error(`e2e latency chart: ${svgFile}`);
        }
      }
      if (options.json) {
        console.log(report);
        process.exitCode = failures.length > 0 ? 1 : 0;
        return;
      }
      console.log(formatRows(rows));
      if (e2e) console.log(`\n${formatE2eReport(e2e)}`);
      console.log(`\n${machineLine(machine(loadBefore))}`);
      for (const { section: name, error } of failures) console.log(`FAILED ${name}: ${error}`);
      if (failures.length > 0) process.exitCode = 1;
      if (adversarial) console.log(`\n${formatAdversarialRows(adversarial)}`);
    });
}

function adversarialRows(enrich: ReturnType<typeof createEnricher>) {
  const sample = sampleArticles(parseItem).map((article) => ({ headline: article.headlines[0]?.value ?? '', paragraphs: (article.bodies[0]?.value ?? '').split('\n\n') }));
  const parserRows = parserSubjects(sample).flatMap((subject) => adversarialBench(subject));
  const enricherRows = adversarialBench(enricherSubject(enrich, sampleArticles(parseItem)), { shapes: [...ADVERSARIAL_SHAPES, ...ENRICHER_SHAPES] });
  return [...parserRows, ...enricherRows];
}
