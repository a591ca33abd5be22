import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { SchemaCatalog } from '../../contracts/avro-codec.ts';
import { loadConfig } from '../../shared/config.ts';
import { createKafka } from '../../shared/kafka/kafka-client.ts';
import { codecBench } from '../../bench/codec-bench.ts';
import { kafkaProducerBench } from '../../bench/kafka-producer-bench.ts';
import { formatRows, type BenchRow } from '../../bench/measure.ts';
import { parseBench } from '../../bench/parse-bench.ts';
import { routingBench } from '../../bench/routing-bench.ts';
import { generateWireStream } from '../../bench/wire-stream.ts';
import { parseItem } from '../../ingest/parsers/index.ts';
import { kafkaLibs } from '../../../infra/servers/kafka.ts';
import { up } from '../../../infra/stack.ts';
import { sampleArticles, seedSubmission } from '../../runtime/sample-copy.ts';
import { enrichBench } from '../../bench/enrich-bench.ts';
import { adversarialBench, formatAdversarialRows, parserSubjects } from '../../bench/adversarial-bench.ts';
import { enrichAdversarialBench } from '../../bench/enrich-adversarial-bench.ts';
import { createEnricher } from '../../enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../../enrich/load-models.ts';

const SAMPLE_NINJS = fileURLToPath(new URL('../../runtime/sample-copy/03-geneva-talks-rewrite.json', import.meta.url));

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('Benchmarks, each printed beside a baseline measured in the same run (medians; compare ratios, machines are noisy)')
    .option('--records <n>', 'records per Kafka producer run', '20000')
    .option('--record-size <bytes>', 'Kafka record size', '1024')
    .option('--runs <n>', 'Kafka runs (median reported)', '3')
    .option('--no-kafka', 'skip the Kafka benchmark (no servers needed)')
    .option('--routing-items <n>', 'generated items per routing run', positiveInteger, 3000)
    .option('--routing-runs <n>', 'routing runs of each mode (median reported)', positiveInteger, 3)
    .option('--no-routing', 'skip the routing benchmark (dedupe router with and without regrouping, in process)')
    .option('--no-adversarial', 'skip the adversarial-input rows (every parser fed 10 KB, 100 KB and 1 MB hostile inputs)')
    .action(async (options: { records: string; recordSize: string; runs: string; kafka: boolean; routingItems: number; routingRuns: number; routing: boolean; adversarial: boolean }) => {
      const rows: BenchRow[] = [];
      const catalog = SchemaCatalog.fromSchemasDir();
      rows.push(...codecBench(catalog, seedSubmission(parseItem)));
      rows.push(parseBench(SAMPLE_NINJS));
      const enrich = createEnricher(loadEnrichmentModels());
      rows.push(enrichBench(sampleArticles(parseItem), enrich));
      rows.push(...enrichAdversarialBench(enrich, sampleArticles(parseItem)));
      if (options.routing) rows.push(await routingBench(generateWireStream(options.routingItems), options.routingRuns));
      if (options.kafka) {
        const config = loadConfig();
        await up(config, () => undefined, ['kafka']);
        rows.push(
          await kafkaProducerBench(createKafka('storyline-bench', config.kafka.brokers), {
            brokers: config.kafka.brokers.join(','),
            libs: kafkaLibs(config),
            topic: 'bench.producer.v1',
            records: Number(options.records),
            recordSize: Number(options.recordSize),
            runs: Number(options.runs),
          }),
        );
      }
      console.log(formatRows(rows));
      if (options.adversarial) {
        const sample = sampleArticles(parseItem).map((article) => ({ headline: article.headlines[0]?.value ?? '', paragraphs: (article.bodies[0]?.value ?? '').split('\n\n') }));
        console.log(`\n${formatAdversarialRows(parserSubjects(sample).flatMap((subject) => adversarialBench(subject)))}`);
      }
    });
}
