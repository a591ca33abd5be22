/**
 * Trains the named-entity tagger: a greedy averaged perceptron over BIO tags (PER, ORG, LOC, MISC).
 * Training decodes without the BIO constraint so that every tag is corrected when wrongly chosen; the
 * tagger applies the constraint at run time.
 *   npx tsx services/enrich/training/train-ner.ts --conll ../shared/data/conll2003/eng.train \
 *     --out services/enrich/models/ner.json.gz [--epochs 8] [--seed 7] [--min-count 2]
 *   npx tsx services/enrich/training/train-ner.ts --format conll2002|germeval|factrueval --input <file or dir> \
 *     [--also <format>:<path> ... [--pooled-copies]] --multilingual-lexicon --lang <lang> --min-count 1 --out services/enrich/models/ner-<lang>.json.gz
 * (`--lang` adds that language's word lists to the multilingual lexicon, as `lexiconForLanguage` does at run time)
 * Deterministic: same data, seed and options give the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseConll, type ConllDocument } from '../../eval/enrich/conll-reader.ts';
import { readNerSet, NER_SET_FORMATS, type NerSetFormat } from '../../eval/enrich/multilingual-readers.ts';
import type { NameLexicon } from '../entities/name-lexicon.ts';
import { documentStats, historyFeatures, sentenceFeatures } from '../entities/features.ts';
import { encodeNerModel, type NerModelFile } from '../entities/ner-model.ts';
import { allowed } from '../entities/tagger.ts';
import { lexiconFor, lexiconForLanguage, loadGazetteer } from '../load-models.ts';
import { argValue, seededRandom, shuffleInPlace } from './seeded-random.ts';

const TAGS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'];

/**
 * The other languages' dev splits each committed tagger is trained with besides its own (one tagger over
 * pooled Latin-script copy learns more of names' shapes and contexts than 40,000 tokens teach): chosen by
 * 5-fold cross-validation, where pooling lifted Dutch (0.704 → 0.731) and German (0.538 → 0.552) and left Russian as it was (0.692 with Spanish, Dutch and German added).
 */
export const TRAINING_POOLS: Readonly<Record<string, readonly string[]>> = { es: [], nl: ['es', 'de'], de: ['nl', 'es'], ru: [] };

/**
 * Epochs of the taggers that train longer than the default 8: German, chosen by 5-fold cross-validation (see README).
 */
export const TRAINING_EPOCHS: Readonly<Record<string, number>> = { de: 16 };

/**
 * Taggers whose pooled examples (the other languages' sets) carry every feature twice: as it is and as a copy
 * that only pooled examples have (one-sided feature augmentation). The copies learn what is peculiar to the
 * other languages, so the shared weights, the only ones that fire at run time, fit the tagger's own language
 * more closely; the copies are dropped from the model. Chosen by 5-fold cross-validation (see README).
 */
export const POOLED_FEATURE_COPIES: readonly string[] = ['de'];

/** Prefix of the pooled examples' feature copies (POOLED_FEATURE_COPIES): never in a saved model. */
export const POOLED_COPY_PREFIX = 'xx:';

/** How a language's committed tagger trains beyond its pools: its epochs (TRAINING_EPOCHS, else `defaultEpochs`) and whether its pooled examples carry feature copies. */
export function committedTraining(language: string, defaultEpochs = 8): { epochs: number; pooledCopies: boolean } {
  return { epochs: TRAINING_EPOCHS[language] ?? defaultEpochs, pooledCopies: POOLED_FEATURE_COPIES.includes(language) };
}

export interface TrainNerOptions {
  epochs: number;
  seed: number;
  minCount: number;
  constrained?: boolean;
  log?: (line: string) => void;
  lexicon?: NameLexicon;
  /** other languages' documents pooled into the training data, after the tagger's own */
  pooled?: readonly ConllDocument[];
  /** give the pooled examples' features copies of their own (POOLED_FEATURE_COPIES) */
  pooledCopies?: boolean;
}

export function trainNer(conllText: string, options: TrainNerOptions): NerModelFile {
  return trainNerOnDocuments(parseConll(conllText), options);
}

/** One sentence ready for training: its words, gold tag indices and static features. */
export interface NerExample {
  words: readonly string[];
  gold: readonly number[];
  features: readonly (readonly string[])[];
}

/** The static features of every sentence of each document (the same for every fold that trains on it). */
export function nerExamples(docs: readonly ConllDocument[], lexicon: NameLexicon): NerExample[][] {
  return docs.map((doc) => {
    const stats = documentStats(doc.sentences.map((s) => s.tokens));
    return doc.sentences.map((sentence) => ({
      words: sentence.tokens,
      gold: sentence.tags.map((t) => Math.max(0, TAGS.indexOf(t))),
      features: sentenceFeatures(sentence.tokens, stats, lexicon),
    }));
  });
}

/** Pooled examples with every feature also as a copy of their own (POOLED_FEATURE_COPIES). */
export function withPooledCopies(examples: readonly NerExample[]): NerExample[] {
  return examples.map((ex) => ({ ...ex, features: ex.features.map((list) => [...list, ...list.map((f) => `${POOLED_COPY_PREFIX}${f}`)]) }));
}

/** Other languages' documents as training examples, with their feature copies when `copies`. */
export function pooledExamples(docs: readonly ConllDocument[], lexicon: NameLexicon, copies = false): NerExample[] {
  const examples = nerExamples(docs, lexicon).flat();
  return copies ? withPooledCopies(examples) : examples;
}

export function trainNerOnDocuments(docs: readonly ConllDocument[], options: TrainNerOptions): NerModelFile {
  const lexicon = options.lexicon ?? lexiconFor(loadGazetteer());
  return trainNerOnExamples([...nerExamples(docs, lexicon).flat(), ...pooledExamples(options.pooled ?? [], lexicon, options.pooledCopies)], options);
}

export function trainNerOnExamples(examples: readonly NerExample[], options: TrainNerOptions): NerModelFile {
  const log = options.log ?? (() => undefined);
  const counts = new Map<string, number>();
  for (const { features } of examples) for (const list of features) for (const f of list) counts.set(f, (counts.get(f) ?? 0) + 1);
  const ids = new Map<string, number>();
  const idOf = (feature: string, create: boolean): number => {
    let id = ids.get(feature);
    if (id === undefined && create) {
      id = ids.size;
      ids.set(feature, id);
    }
    return id ?? -1;
  };
  const compiled = examples.map((ex) => ({
    ...ex,
    ids: ex.features.map((list) => Int32Array.from(list.filter((f) => (counts.get(f) ?? 0) >= options.minCount).map((f) => idOf(f, true)))),
  }));
  log(`${examples.length} sentences, ${ids.size} static features kept of ${counts.size}`);

  const n = TAGS.length;
  let capacity = ids.size * 2;
  let weights: Float64Array = new Float64Array(capacity * n);
  let totals: Float64Array = new Float64Array(capacity * n);
  let stamps: Float64Array = new Float64Array(capacity * n);
  const grow = (): void => {
    if (ids.size < capacity) return;
    capacity *= 2;
    const extend = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity * n);
      b.set(a);
      return b;
    };
    weights = extend(weights);
    totals = extend(totals);
    stamps = extend(stamps);
  };
  let clock = 1;
  const update = (feature: number, tag: number, delta: number): void => {
    const k = feature * n + tag;
    totals[k] = (totals[k] ?? 0) + (clock - (stamps[k] ?? 0)) * (weights[k] ?? 0);
    stamps[k] = clock;
    weights[k] = (weights[k] ?? 0) + delta;
  };
  const random = seededRandom(options.seed);
  const order = compiled.map((_, i) => i);
  const scores = new Float64Array(n);
  for (let epoch = 1; epoch <= options.epochs; epoch += 1) {
    shuffleInPlace(order, random);
    let errors = 0;
    let tokens = 0;
    for (const index of order) {
      const ex = compiled[index];
      if (!ex) continue;
      const predicted: number[] = [];
      ex.words.forEach((word, i) => {
        const prev1 = TAGS[predicted[i - 1] ?? -1] ?? '<s>';
        const prev2 = TAGS[predicted[i - 2] ?? -1] ?? '<s>';
        const dynamic = historyFeatures(prev1, prev2, word).map((f) => idOf(f, true));
        grow();
        const features = [...(ex.ids[i] ?? []), ...dynamic];
        scores.fill(0);
        for (const f of features) for (let t = 0; t < n; t += 1) scores[t] = (scores[t] ?? 0) + (weights[f * n + t] ?? 0);
        let best = 0;
        let bestScore = -Infinity;
        for (let t = 0; t < n; t += 1) {
          const s = scores[t] ?? 0;
          if (s > bestScore && (!options.constrained || allowed(prev1, TAGS[t] ?? 'O'))) {
            best = t;
            bestScore = s;
          }
        }
        const gold = ex.gold[i] ?? 0;
        if (best !== gold) {
          errors += 1;
          for (const f of features) {
            update(f, gold, 1);
            update(f, best, -1);
          }
        }
        clock += 1;
        tokens += 1;
        // Decode with its own history, as the tagger will at run time.
        predicted.push(best);
      });
    }
    log(`epoch ${epoch}: ${errors} token errors of ${tokens}`);
  }
  const names = [...ids.keys()];
  const rows = new Map<string, Float64Array>();
  names.forEach((name, id) => {
    if (name.startsWith(POOLED_COPY_PREFIX)) return;
    const row = new Float64Array(n);
    for (let t = 0; t < n; t += 1) {
      const k = id * n + t;
      const total = (totals[k] ?? 0) + (clock - (stamps[k] ?? 0)) * (weights[k] ?? 0);
      row[t] = total / clock;
    }
    rows.set(name, row);
  });
  return encodeNerModel(TAGS, rows, 1000, 0.002);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const format = (argValue(args, '--format') ?? 'conll2003') as NerSetFormat;
  if (!NER_SET_FORMATS.includes(format)) throw new Error(`--format must be one of ${NER_SET_FORMATS.join(', ')}`);
  const input = argValue(args, '--input') ?? argValue(args, '--conll') ?? '../shared/data/conll2003/eng.train';
  const out = argValue(args, '--out') ?? 'services/enrich/models/ner.json.gz';
  const started = Date.now();
  const language = argValue(args, '--lang');
  // --also <format>:<path> (repeatable): other languages' sets pooled into the training data.
  const also = args.flatMap((arg, i) => (arg === '--also' && args[i + 1] ? [args[i + 1] ?? ''] : [])).flatMap((spec) => {
    const at = spec.indexOf(':');
    const alsoFormat = spec.slice(0, at) as NerSetFormat;
    if (!NER_SET_FORMATS.includes(alsoFormat)) throw new Error(`--also needs <format>:<path>, format one of ${NER_SET_FORMATS.join(', ')}`);
    return readNerSet(alsoFormat, spec.slice(at + 1));
  });
  const model = trainNerOnDocuments(readNerSet(format, input), {
    pooled: also,
    pooledCopies: args.includes('--pooled-copies'),
    epochs: Number(argValue(args, '--epochs') ?? 8),
    seed: Number(argValue(args, '--seed') ?? 7),
    minCount: Number(argValue(args, '--min-count') ?? 2),
    lexicon: language === undefined ? lexiconFor(loadGazetteer(), args.includes('--multilingual-lexicon')) : lexiconForLanguage(language, lexiconFor(loadGazetteer(), true)),
    log: (line) => console.log(line),
  });
  const bytes = gzipSync(JSON.stringify(model), { level: 9 });
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${model.features.length} features, ${bytes.length} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
