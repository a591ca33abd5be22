import { Command } from 'commander';
import { loadBackgroundStatistics } from '../../dedupe/background-statistics.ts';
import { DEFAULT_ECBPLUS_ORDERS, DEFAULT_FOLDS, formatDedupeReport, runDedupeEval } from '../../eval/dedupe/run-dedupe-eval.ts';
import { formatEnrichReport, runEnrichEval } from '../../eval/enrich/run-enrich-eval.ts';
import { formatMultilingualNer, runMultilingualNerEval, type MultilingualNerRequest } from '../../eval/enrich/multilingual-ner-eval.ts';

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
    .description('NER on CoNLL-2003 and the multilingual sets (per type, per language, k-fold), subjects on BBC News, datelines on Reuters-21578, throughput')
    .option('--conll <file>', 'CoNLL-2003 file, e.g. eng.testa')
    .option('--bbc <dir>', 'BBC News folder (one sub-folder per class)')
    .option('--reuters <dir>', 'Reuters-21578 SGML folder')
    .option('--conll2002 <file>', 'CoNLL-2002 file (esp.testa, ned.testa, ...), with --lang es|nl')
    .option('--lang <code>', 'language of the --conll2002 file: es or nl')
    .option('--germeval <file>', 'GermEval 2014 file (NER-de-dev.tsv, ...): German')
    .option('--factrueval <dir>', 'FactRuEval 2016 folder (BIO file, or .tokens/.spans/.objects files): Russian')
    .option('--folds <k>', 'k-fold cross-validation by document on the multilingual sets (0: the committed models only)', (v) => Number(v), 5)
    .option('--seed <n>', 'seed of the folds and of training', (v) => Number(v), 7)
    .option('--no-pool', 'train each language on its own folds only (default: pooled with the other sets given, as the committed models are)')
    .option('--json', 'print one JSON object')
    .action(async (options: { conll?: string; bbc?: string; reuters?: string; conll2002?: string; lang?: string; germeval?: string; factrueval?: string; folds: number; seed: number; pool: boolean; json?: boolean }) => {
      const multilingual: MultilingualNerRequest[] = [];
      if (options.conll2002) {
        if (options.lang !== 'es' && options.lang !== 'nl') throw new Error('--conll2002 needs --lang es or --lang nl');
        multilingual.push({ language: options.lang, format: 'conll2002', path: options.conll2002 });
      }
      if (options.germeval) multilingual.push({ language: 'de', format: 'germeval', path: options.germeval });
      if (options.factrueval) multilingual.push({ language: 'ru', format: 'factrueval', path: options.factrueval });
      if (!options.conll && !options.bbc && !options.reuters && multilingual.length === 0) throw new Error('give --conll, --bbc, --reuters, --conll2002, --germeval and/or --factrueval');
      if (options.conll || options.bbc || options.reuters) {
        const report = await runEnrichEval(options);
        print(report, options.json === true, () => formatEnrichReport(report));
      }
      if (multilingual.length > 0) {
        const results = runMultilingualNerEval(multilingual, { folds: options.folds, seed: options.seed, epochs: 8, pool: options.pool });
        print(results, options.json === true, () => formatMultilingualNer(results));
      }
    });
  return evaluate;
}
