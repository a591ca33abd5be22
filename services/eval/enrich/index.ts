export { formatEnrichReport, runEnrichEval, type EnrichReport } from './run-enrich-eval.ts';
