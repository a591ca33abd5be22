import { existsSync } from 'node:fs';
import { decodeNerModel } from '../../enrich/entities/ner-model.ts';
import { languageModelFile, lexiconFor, lexiconForLanguage, loadGazetteer, readGzipJson } from '../../enrich/load-models.ts';
import type { NerModelFile } from '../../enrich/entities/ner-model.ts';
import { formatLanguageId, scoreLanguageId, type LanguageIdScores } from './language-id-eval.ts';
import { readNerSet, type NerSetFormat } from './multilingual-readers.ts';
import { crossValidateNer, scoreNer, type CrossValidation, type NerScores } from './ner-cross-validation.ts';
import { NER_TYPES } from './ner-metrics.ts';
import { committedTraining, TRAINING_POOLS } from '../../enrich/training/train-ner.ts';

export interface MultilingualNerRequest {
  language: string;
  format: NerSetFormat;
  path: string;
}

export interface MultilingualNerResult extends MultilingualNerRequest {
  /** languages whose sets were added to each fold's training data */
  pooledWith: string[];
  /** the committed model on the whole set (it was trained on it when the set is a dev split: not a held-out figure) */
  committed: NerScores | null;
  /** k-fold by document, training from scratch on k-1 folds: the held-out headline */
  crossValidation: CrossValidation | null;
  /** whether the enricher's language identifier names the set's language */
  languageId: LanguageIdScores;
}

/**
 * Exact-span F1 per type and language, with the committed models and/or k-fold cross-validation. With
 * `pool`, each language's folds train on its own training folds plus the requested sets of the languages
 * its committed model is pooled with (TRAINING_POOLS); the held-out fold is always the language's own.
 * `epochs`: of the languages without their own in TRAINING_EPOCHS (the committed taggers train as long).
 */
export function runMultilingualNerEval(requests: readonly MultilingualNerRequest[], options: { folds: number; seed: number; epochs: number; pool?: boolean }): MultilingualNerResult[] {
  const multilingual = lexiconFor(loadGazetteer(), true);
  const sets = requests.map((request) => readNerSet(request.format, request.path));
  return requests.map((request, index) => {
    const docs = sets[index] ?? [];
    const lexicon = lexiconForLanguage(request.language, multilingual);
    const poolWith = options.pool === true ? (TRAINING_POOLS[request.language] ?? []) : [];
    const pooled = requests.flatMap((r, other) => (other !== index && poolWith.includes(r.language) ? [other] : []));
    const extraTraining = pooled.flatMap((other) => sets[other] ?? []);
    const file = languageModelFile(request.language);
    const committed: NerScores | null = existsSync(file) ? scoreNer(decodeNerModel(readGzipJson<NerModelFile>(file)), docs, lexicon) : null;
    const crossValidation =
      options.folds > 1
        ? crossValidateNer(docs, { folds: options.folds, seed: options.seed, minCount: 1, lexicon, extraTraining, ...committedTraining(request.language, options.epochs) })
        : null;
    return { ...request, pooledWith: pooled.map((other) => requests[other]?.language ?? ''), committed, crossValidation, languageId: scoreLanguageId(docs, request.language) };
  });
}

export function formatMultilingualNer(results: readonly MultilingualNerResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`NER (exact span) ${r.language} on ${r.path} (${r.format})`);
    if (r.crossValidation) {
      const cv = r.crossValidation;
      const docs = cv.perFold.reduce((a, s) => a + s.documents, 0);
      const tokens = cv.perFold.reduce((a, s) => a + s.tokens, 0);
      const pooled = r.pooledWith.length > 0 ? `, training pooled with ${r.pooledWith.join('+')}` : '';
      lines.push(`  ${cv.folds}-fold by document (seed ${cv.seed}; ${docs} documents, ${tokens} tokens${pooled}), mean held-out F1: ${NER_TYPES.map((t) => `${t} ${cv.meanF1[t].toFixed(4)}`).join('  ')}  all ${cv.meanF1.all.toFixed(4)}`);
    }
    if (r.committed) {
      const c = r.committed;
      lines.push(`  committed ner-${r.language} model on the whole file (trained on it if it is the dev split): ${NER_TYPES.map((t) => `${t} ${c.byType[t].f1.toFixed(4)}`).join('  ')}  all ${c.micro.f1.toFixed(4)} (gold ${c.micro.gold}, predicted ${c.micro.predicted})`);
    }
    lines.push(`  ${formatLanguageId(r.languageId)}`);
  }
  return lines.join('\n');
}
