/**
 * Trains the English tagger's document pass (document-pass.ts): a second perceptron over the first pass's
 * features plus the first pass's readings of the whole document. Each training document's first-pass tags
 * come from a tagger trained without it (folds by document), so the second pass learns how far to trust
 * tags as wrong as they will be at run time.
 *   npx tsx services/enrich/training/train-ner-document-pass.ts --conll ../shared/data/conll2003/eng.train \
 *     --out services/enrich/models/ner-en-document-pass.json.gz [--folds 5] [--first-pass-epochs 8] [--epochs 12] [--seed 7] [--min-count 2]
 * Deterministic: same data, seed and options give the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseConll, type ConllDocument } from '../../eval/enrich/conll-reader.ts';
import { documentPassFeatures } from '../entities/document-pass.ts';
import { decodeNerModel, type NerModelFile } from '../entities/ner-model.ts';
import { firstPassTags } from '../entities/tagger.ts';
import { lexiconFor, loadGazetteer } from '../load-models.ts';
import { argValue, seededRandom, shuffleInPlace } from './seeded-random.ts';
import { nerExamples, trainNerOnExamples, type NerExample, type TrainNerOptions } from './train-ner.ts';

export interface DocumentPassOptions extends TrainNerOptions {
  /** folds by document for the first pass's held-out tags */
  folds: number;
  /** epochs of each fold's first-pass tagger: those of the committed first pass (train-ner.ts) */
  firstPassEpochs: number;
}

/** Fold of each document after a seeded shuffle, dealt round-robin. */
function foldOf(documents: number, folds: number, seed: number): number[] {
  const fold = new Array<number>(documents).fill(0);
  shuffleInPlace(Array.from({ length: documents }, (_, i) => i), seededRandom(seed)).forEach((doc, position) => {
    fold[doc] = position % folds;
  });
  return fold;
}

/** First-pass tags of every document by a tagger trained on the other folds. */
export function heldOutFirstPass(docs: readonly ConllDocument[], examples: readonly NerExample[][], options: DocumentPassOptions): string[][][] {
  const lexicon = options.lexicon ?? lexiconFor(loadGazetteer());
  const fold = foldOf(docs.length, options.folds, options.seed);
  const tags: string[][][] = docs.map(() => []);
  for (let k = 0; k < options.folds; k += 1) {
    const model = decodeNerModel(trainNerOnExamples(examples.filter((_, i) => fold[i] !== k).flat(), { ...options, epochs: options.firstPassEpochs }));
    docs.forEach((doc, i) => {
      if (fold[i] === k) tags[i] = firstPassTags(model, doc.sentences.map((s) => s.tokens), lexicon);
    });
    options.log?.(`first pass of fold ${k + 1}/${options.folds} tagged`);
  }
  return tags;
}

/** The first pass's examples with the document-pass features of each token added. */
export function documentPassExamples(docs: readonly ConllDocument[], examples: readonly NerExample[][], firstPass: ReadonlyArray<ReadonlyArray<readonly string[]>>): NerExample[][] {
  return docs.map((doc, d) => {
    const extra = documentPassFeatures(doc.sentences.map((s) => s.tokens), firstPass[d] ?? []);
    return (examples[d] ?? []).map((ex, s) => ({ ...ex, features: ex.features.map((list, i) => [...list, ...(extra[s]?.[i] ?? [])]) }));
  });
}

export function trainDocumentPass(docs: readonly ConllDocument[], options: DocumentPassOptions): NerModelFile {
  const lexicon = options.lexicon ?? lexiconFor(loadGazetteer());
  const examples = nerExamples(docs, lexicon);
  const firstPass = heldOutFirstPass(docs, examples, { ...options, lexicon });
  return trainNerOnExamples(documentPassExamples(docs, examples, firstPass).flat(), { ...options, lexicon });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const input = argValue(args, '--conll') ?? '../shared/data/conll2003/eng.train';
  const out = argValue(args, '--out') ?? 'services/enrich/models/ner-en-document-pass.json.gz';
  const started = Date.now();
  const model = trainDocumentPass(parseConll(readFileSync(input, 'utf8')), {
    folds: Number(argValue(args, '--folds') ?? 5),
    firstPassEpochs: Number(argValue(args, '--first-pass-epochs') ?? 8),
    epochs: Number(argValue(args, '--epochs') ?? 12),
    seed: Number(argValue(args, '--seed') ?? 7),
    minCount: Number(argValue(args, '--min-count') ?? 2),
    log: (line) => console.log(line),
  });
  const bytes = gzipSync(JSON.stringify(model), { level: 9 });
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${model.features.length} features, ${bytes.length} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
