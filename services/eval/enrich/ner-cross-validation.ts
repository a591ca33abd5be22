import { decodeNerModel, type NerModel } from '../../enrich/entities/ner-model.ts';
import type { NameLexicon } from '../../enrich/entities/name-lexicon.ts';
import { tagDocument } from '../../enrich/entities/tagger.ts';
import { seededRandom, shuffleInPlace } from '../../enrich/training/seeded-random.ts';
import { nerExamples, pooledExamples, trainNerOnExamples } from '../../enrich/training/train-ner.ts';
import type { ConllDocument } from './conll-reader.ts';
import { countSpans, NER_TYPES, prf, type NerType, type Prf, type PrfCounts } from './ner-metrics.ts';

export interface NerScores {
  documents: number;
  tokens: number;
  byType: Record<NerType, Prf>;
  micro: Prf;
}

const emptyCounts = (): Record<NerType, PrfCounts> => Object.fromEntries(NER_TYPES.map((t) => [t, { truePositives: 0, gold: 0, predicted: 0 }])) as Record<NerType, PrfCounts>;

/** Exact-span precision, recall and F1 per type (PER, ORG, LOC) and over the three. */
export function scoreNer(model: NerModel, docs: readonly ConllDocument[], lexicon: NameLexicon): NerScores {
  const counts = emptyCounts();
  let tokens = 0;
  for (const doc of docs) {
    const predicted = tagDocument(model, doc.sentences.map((s) => s.tokens), lexicon);
    doc.sentences.forEach((s, i) => {
      tokens += s.tokens.length;
      countSpans(s.tags, predicted[i] ?? [], counts);
    });
  }
  const total = NER_TYPES.reduce(
    (a, t) => ({ truePositives: a.truePositives + counts[t].truePositives, gold: a.gold + counts[t].gold, predicted: a.predicted + counts[t].predicted }),
    { truePositives: 0, gold: 0, predicted: 0 },
  );
  return { documents: docs.length, tokens, byType: Object.fromEntries(NER_TYPES.map((t) => [t, prf(counts[t])])) as Record<NerType, Prf>, micro: prf(total) };
}

/** Documents dealt into k folds after a seeded shuffle: fold of document i. */
export function foldsByDocument(documents: number, k: number, seed: number): number[] {
  const order = shuffleInPlace(Array.from({ length: documents }, (_, i) => i), seededRandom(seed));
  const fold = new Array<number>(documents).fill(0);
  order.forEach((doc, position) => {
    fold[doc] = position % k;
  });
  return fold;
}

export interface CrossValidation {
  folds: number;
  seed: number;
  perFold: NerScores[];
  /** mean over folds of each type's F1 and of the three-type F1: the headline */
  meanF1: Record<NerType | 'all', number>;
}

export interface CrossValidationOptions {
  folds: number;
  seed: number;
  epochs: number;
  minCount: number;
  lexicon: NameLexicon;
  /** documents of other sets added to every fold's training data (never scored) */
  extraTraining?: readonly ConllDocument[];
  /** give the extra documents' features copies of their own, as the committed tagger's pooled sets have (POOLED_FEATURE_COPIES) */
  pooledCopies?: boolean;
}

/** Trains on k-1 folds, scores the held-out fold, k times; documents never straddle folds. */
export function crossValidateNer(docs: readonly ConllDocument[], options: CrossValidationOptions): CrossValidation {
  const fold = foldsByDocument(docs.length, options.folds, options.seed);
  // Features are extracted once: they depend on the document, not on the fold.
  const examples = nerExamples(docs, options.lexicon);
  const extra = pooledExamples(options.extraTraining ?? [], options.lexicon, options.pooledCopies);
  const perFold: NerScores[] = [];
  for (let k = 0; k < options.folds; k += 1) {
    const train = [...examples.filter((_, i) => fold[i] !== k).flat(), ...extra];
    const test = docs.filter((_, i) => fold[i] === k);
    const model = decodeNerModel(trainNerOnExamples(train, { epochs: options.epochs, seed: options.seed, minCount: options.minCount, lexicon: options.lexicon }));
    perFold.push(scoreNer(model, test, options.lexicon));
  }
  const mean = (pick: (s: NerScores) => number): number => perFold.reduce((sum, s) => sum + pick(s), 0) / perFold.length;
  const meanF1 = { all: mean((s) => s.micro.f1) } as Record<NerType | 'all', number>;
  for (const t of NER_TYPES) meanF1[t] = mean((s) => s.byType[t].f1);
  return { folds: options.folds, seed: options.seed, perFold, meanF1 };
}
