import { Command } from 'commander';
import { createDetailedEnricher } from '../../enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../../enrich/load-models.ts';
import { toEnrichment } from '../../enrich/to-enrichment.ts';
import { parseFileOrReport, parseReceivedAt, type ParseOptions } from './parse-command.ts';

interface EnrichOptions extends ParseOptions {
  readonly detail?: boolean;
}

/** Parses a wire file as ingest would and prints its enrichment as JSON: offline, with the committed models. */
export function enrichCommand(): Command {
  return new Command('enrich')
    .description('Enrich one wire file offline and print the enrichment as JSON (language, dateline, entities, quotes, keywords, subjects)')
    .argument('<file>', 'the wire file (plain text, ninjs, NITF, NewsML-G2)')
    .option('--content-type <type>', 'the Content-Type a producer would send (default: sniffed from the bytes)')
    .option('--provider <id>', 'provider id recorded in the article', 'cli')
    .option('--received-at <iso>', 'reception time (default: now); the date of items that carry none', parseReceivedAt)
    .option('--detail', 'print the detailed findings (offsets, scores, the tagger used) instead of the contract record')
    .action((file: string, options: EnrichOptions) => {
      const items = parseFileOrReport(file, options);
      if (!items) return;
      const enrich = createDetailedEnricher(loadEnrichmentModels());
      const results = items.map(({ article }) => {
        const detail = enrich(article);
        return options.detail === true
          ? { uri: article.uri, ...detail }
          : { uri: article.uri, enricherVersion: detail.enricherVersion, entityModel: detail.entityModel, enrichment: toEnrichment(detail) };
      });
      console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
    });
}
