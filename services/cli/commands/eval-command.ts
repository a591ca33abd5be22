import { Command } from 'commander';
import { loadBackgroundStatistics } from '../../dedupe/background-statistics.ts';
import { DEFAULT_ECBPLUS_ORDERS, DEFAULT_FOLDS, formatDedupeReport, runDedupeEval } from '../../eval/dedupe/run-dedupe-eval.ts';
import { formatEnrichReport, runEnrichEval } from '../../eval/enrich/run-enrich-eval.ts';

function print(report: unknown, asJson: boolean, format: () => string): void {
  console.log(asJson ? JSON.stringify(report, null, 2) : format());
}

export function evalCommand(): Command {
  const evaluate = new Command('eval').description('Quality figures on real data sets, printed with the data set and the counts');
  evaluate
    .command('dedupe')
    .description('Story clustering on ECB+ (B³, pairwise) and re-send linking on Reuters-21578, through the production router logic')
    .option('--ecbplus <dir>', 'ECB+ folder (one sub-folder per topic)')
    .option('--reuters <dir>', 'Reuters-21578 SGML folder')
    .option('--orders <n>', `ECB+ stream orders to route (the fixed one first; default ${DEFAULT_ECBPLUS_ORDERS})`, (value) => Number(value))
    .option('--folds <n>', `ECB+ topic folds for cross-validating the same-event threshold (default ${DEFAULT_FOLDS}; 0 = none)`, (value) => Number(value))
    .option('--mixed', 'also route ECB+ interleaved with the Reuters stream (needs both)')
    .option('--sample-joins <n>', 'print n same-event joins of the Reuters run (fixed seed) to read', (value) => Number(value))
    .option('--reuters-limit <n>', 'only the first n Reuters items in time order (a slice)', (value) => Number(value))
    .option('--cold', 'start from an empty index instead of the shipped document frequencies')
    .option('--json', 'print one JSON object')
    .action(async (options: { ecbplus?: string; reuters?: string; orders?: number; folds?: number; mixed?: boolean; sampleJoins?: number; reutersLimit?: number; cold?: boolean; json?: boolean }) => {
      if (!options.ecbplus && !options.reuters) throw new Error('give --ecbplus <dir> and/or --reuters <dir>');
      const { cold, json: _json, ...rest } = options;
      const report = await runDedupeEval({ ...rest, ...(cold ? {} : { background: loadBackgroundStatistics() }) });
      print(report, options.json === true, () => formatDedupeReport(report));
    });
  evaluate
    .command('enrich')
    .description('NER on CoNLL-2003, subjects on BBC News, datelines on Reuters-21578, and enrichment throughput')
    .option('--conll <file>', 'CoNLL-2003 file, e.g. eng.testa')
    .option('--bbc <dir>', 'BBC News folder (one sub-folder per class)')
    .option('--reuters <dir>', 'Reuters-21578 SGML folder')
    .option('--json', 'print one JSON object')
    .action(async (options: { conll?: string; bbc?: string; reuters?: string; json?: boolean }) => {
      if (!options.conll && !options.bbc && !options.reuters) throw new Error('give --conll, --bbc and/or --reuters');
      const report = await runEnrichEval(options);
      print(report, options.json === true, () => formatEnrichReport(report));
    });
  return evaluate;
}
