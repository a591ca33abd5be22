import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { SchemaCatalog, codecFor } from '../../contracts/avro-codec.ts';
import { SchemaRegistryClient } from '../../contracts/schema-registry-client.ts';
import { topicCatalogue } from '../../contracts/topics.ts';
import type { AvroStoryEvent } from '../../domain/story/index.ts';
import { loadConfig } from '../../shared/config.ts';
import { createKafka } from '../../shared/kafka/kafka-client.ts';
import { codecBench } from '../../bench/codec-bench.ts';
import { kafkaBench } from '../../bench/kafka-bench.ts';
import { rebuildBench } from '../../bench/rebuild-bench.ts';
import { dedupeScaleBench } from '../../bench/dedupe-scale-bench.ts';
import { machine, machineLine, withRatio } from '../../bench/bench-report.ts';
import { formatRows, type BenchRow } from '../../bench/measure.ts';
import { parseBench } from '../../bench/parse-bench.ts';
import { routingBench } from '../../bench/routing-bench.ts';
import { generateWireStream } from '../../bench/wire-stream.ts';
import { parseItem } from '../../ingest/parsers/index.ts';
import { kafkaLibs } from '../../../infra/servers/kafka.ts';
import { up } from '../../../infra/stack.ts';
import { sampleArticles, seedSubmission } from '../../runtime/sample-copy.ts';
import { enrichBench } from '../../bench/enrich-bench.ts';
import { ADVERSARIAL_SHAPES, adversarialBench, formatAdversarialRows, parserSubjects } from '../../bench/adversarial-bench.ts';
import { ENRICHER_SHAPES, enricherSubject } from '../../bench/enrich-adversarial-bench.ts';
import { createEnricher } from '../../enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../../enrich/load-models.ts';

const SAMPLE_NINJS = fileURLToPath(new URL('../../runtime/sample-copy/03-geneva-talks-rewrite.json', import.meta.url));

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

interface BenchOptions {
  json: boolean;
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
    .option('--no-adversarial', 'skip the adversarial-input rows (every parser fed 10 KB, 100 KB and 1 MB hostile inputs)')
    .action(async (options: BenchOptions) => {
      const size = sizes(options);
      const loadBefore = loadavg();
      const startedAt = new Date().toISOString();
      const rows: BenchRow[] = [];
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
        const redis = new Redis(config.redis.url);
        try {
          if (options.rebuild) {
            const registry = new SchemaRegistryClient(config.registry.url);
            const codec = () => codecFor<AvroStoryEvent>(catalog, registry, { name: `${topics.prefix}bench.story-events`, valueSchema: topics.storyEvents.valueSchema });
            await section('projection rebuild', async () => rows.push(...(await rebuildBench({ kafka, redis, codec, groupPrefix: topics.prefix, topicPrefix: topics.prefix }, sampleArticles(parseItem), { stories: size.rebuildStories, runs: size.runs }))));
          }
          if (options.dedupeScale) {
            await section('dedupe index at scale', async () => rows.push(...(await dedupeScaleBench(redis, { items: size.dedupeItems, probes: size.dedupeProbes, log: (line) => console.error(line) })).rows));
          }
        } finally {
          await redis.quit();
        }
      }
      const adversarial = options.adversarial ? adversarialRows(enrich) : null;
      if (options.json) {
        console.log(JSON.stringify({ startedAt, machine: machine(loadBefore), sizes: size, rows: rows.map(withRatio), failures, adversarial }, null, 2));
        process.exitCode = failures.length > 0 ? 1 : 0;
        return;
      }
      console.log(formatRows(rows));
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
