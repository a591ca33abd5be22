import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { languageModelFile, lexiconFor, lexiconForLanguage, loadGazetteer, MODEL_FILES } from '../../../services/enrich/load-models.ts';
import { buildTrainedNamesFromConll } from '../../../services/enrich/training/build-trained-names.ts';
import { committedTraining, TRAINING_POOLS, trainNerOnDocuments } from '../../../services/enrich/training/train-ner.ts';
import { readNerSet, type NerSetFormat } from '../../../services/eval/enrich/multilingual-readers.ts';
import { formatMultilingualNer, runMultilingualNerEval, type MultilingualNerResult } from '../../../services/eval/enrich/multilingual-ner-eval.ts';

const repo = resolve(import.meta.dirname, '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repo, '../shared/data');
const SETS: ReadonlyArray<{ language: string; format: NerSetFormat; path: string }> = [
  { language: 'es', format: 'conll2002', path: join(dataDir, 'multilingual/conll2002/esp.testa') },
  { language: 'nl', format: 'conll2002', path: join(dataDir, 'multilingual/conll2002/ned.testa') },
  { language: 'de', format: 'germeval', path: join(dataDir, 'multilingual/germeval2014/NER-de-dev.tsv') },
  { language: 'ru', format: 'factrueval', path: join(dataDir, 'multilingual/factrueval2016') },
];
// Mean held-out exact-span F1 over 5 seeded folds by document, at the figures measured in December 2026
// (es 0.779, nl 0.747, de 0.723, ru 0.720; less about 0.015), training pooled as the committed models are
// (TRAINING_POOLS, POOLED_FEATURE_COPIES, TRAINING_EPOCHS), each language with its own lexicon (lexiconForLanguage). The goal is 0.72 for
// each language; German, just above it since spaCy's German Brown clusters, is held at the goal itself (training is seeded, so the figure repeats).
const FLOORS: Readonly<Record<string, number>> = { es: 0.765, nl: 0.73, de: 0.72, ru: 0.705 };
// Sentences of 60+ characters whose language detectLanguage names, at the December 2026 counts less about
// half a point (es 1,287/1,330, nl 1,408/1,485, de 1,896/1,939, ru 1,298/1,336).
const LANGUAGE_FLOORS: Readonly<Record<string, number>> = { es: 0.962, nl: 0.943, de: 0.973, ru: 0.966 };

describe('taggers of other languages, 5-fold cross-validation by document on the dev splits', () => {
  let results: MultilingualNerResult[];
  beforeAll(() => {
    for (const { path } of SETS) if (!existsSync(path)) throw new Error(`data missing: ${path} (set STORYLINE_DATA_DIR or lay ../shared/data beside the repository)`);
    results = runMultilingualNerEval(SETS, { folds: 5, seed: 7, epochs: 8, pool: true });
    console.log(formatMultilingualNer(results));
  }, 1_800_000);

  it.each(SETS.map((s) => s.language))('%s: mean held-out F1 over PER/ORG/LOC above its floor', (language) => {
    const result = results.find((r) => r.language === language);
    expect(result?.crossValidation?.perFold).toHaveLength(5);
    expect(result?.crossValidation?.meanF1.all).toBeGreaterThanOrEqual(FLOORS[language] ?? 1);
  });

  it.each(SETS.map((s) => s.language))('%s: sentences whose language is identified, above its floor', (language) => {
    const sentences = results.find((r) => r.language === language)?.languageId.sentences;
    expect(sentences?.total).toBeGreaterThan(1000);
    expect((sentences?.right ?? 0) / (sentences?.total ?? 1)).toBeGreaterThanOrEqual(LANGUAGE_FLOORS[language] ?? 1);
  });

  it('the committed trained-name lexicon is what its build command makes from eng.train', () => {
    const built = buildTrainedNamesFromConll(readFileSync(join(dataDir, 'conll2003/eng.train'), 'utf8'));
    expect(JSON.parse(gunzipSync(readFileSync(MODEL_FILES.trainedNamesEn)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it.each(SETS)('the committed ner-$language model is what its training command produces', ({ language, format, path }) => {
    // in the order the README's command gives them with --also
    const pooled = (TRAINING_POOLS[language] ?? []).flatMap((other) => SETS.filter((s) => s.language === other)).flatMap((s) => readNerSet(s.format, s.path));
    const model = trainNerOnDocuments(readNerSet(format, path), { pooled, ...committedTraining(language), seed: 7, minCount: 1, lexicon: lexiconForLanguage(language, lexiconFor(loadGazetteer(), true)) });
    expect(JSON.parse(gunzipSync(readFileSync(languageModelFile(language))).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(model)));
  }, 600_000);
});
