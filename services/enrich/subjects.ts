import { MEDIA_TOPICS, MEDIA_TOPIC_URI_BASE, isMediaTopicCode, type MediaTopicCode } from './iptc-media-topics.ts';
import { ENGLISH_STOPWORDS, foldApostrophe } from './stopwords.ts';

/** Multinomial logistic regression over log term frequencies (L2-normalised), as stored and as used. */
export interface SubjectModelFile {
  format: 'storyline-subjects-logreg/1';
  classes: string[];
  scale: number;
  bias: number[];
  vocabulary: string[];
  /** per term: one integer weight per class (value times `scale`) */
  weights: number[][];
  /** how many training documents contain each term, for keyword and summary weighting */
  documentFrequency: number[];
  documentCount: number;
}

export interface SubjectModel {
  classes: readonly MediaTopicCode[];
  bias: Float64Array;
  weights: ReadonlyMap<string, Float64Array>;
  /** inverse document frequency of a term in the training corpus (rare terms weigh more) */
  idf: (term: string) => number;
}

export interface Subject {
  code: MediaTopicCode;
  uri: string;
  label: string;
  confidence: number;
}

export function decodeSubjectModel(file: SubjectModelFile): SubjectModel {
  if (file.format !== 'storyline-subjects-logreg/1') throw new Error(`unknown subject model format ${String(file.format)}`);
  const classes = file.classes.map((code) => {
    if (!isMediaTopicCode(code)) throw new Error(`subject model has an unknown Media Topic ${code}`);
    return code;
  });
  const weights = new Map<string, Float64Array>();
  file.vocabulary.forEach((term, i) => weights.set(term, Float64Array.from(file.weights[i] ?? [], (w) => w / file.scale)));
  // Computed once per term: keywords and the summary ask for the idf of every word of every article.
  const idfByTerm = new Map(file.vocabulary.map((term, i) => [term, Math.log((file.documentCount + 1) / ((file.documentFrequency[i] ?? 0) + 1)) + 1]));
  const unseen = Math.log(file.documentCount + 1) + 1;
  const idf = (term: string): number => idfByTerm.get(term) ?? unseen;
  return { classes, bias: Float64Array.from(file.bias, (w) => w / file.scale), weights, idf };
}

/** Terms and their weights (log tf, L2-normalised) as both training and classification see them. */
export function subjectTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(/\p{L}[\p{L}'’-]*\p{L}|\p{L}/gu)) {
    const word = foldApostrophe(match[0]);
    if (word.length < 2 || ENGLISH_STOPWORDS.has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  let norm = 0;
  for (const [word, count] of counts) {
    const w = 1 + Math.log(count);
    counts.set(word, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [word, w] of counts) counts.set(word, w / norm);
  return counts;
}

export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function classProbabilities(model: SubjectModel, terms: ReadonlyMap<string, number>): number[] {
  const scores = Array.from(model.bias);
  for (const [term, value] of terms) {
    const row = model.weights.get(term);
    if (!row) continue;
    for (let c = 0; c < scores.length; c += 1) scores[c] = (scores[c] ?? 0) + value * (row[c] ?? 0);
  }
  return softmax(scores);
}

/** The most likely topic, plus any other above `minConfidence`; most confident first. */
export function classifySubjects(model: SubjectModel, text: string, minConfidence = 0.25): Subject[] {
  const probabilities = classProbabilities(model, subjectTerms(text));
  const ranked = model.classes
    .map((code, c) => ({ code, confidence: probabilities[c] ?? 0 }))
    .sort((a, b) => b.confidence - a.confidence || a.code.localeCompare(b.code));
  return ranked
    .filter((s, i) => i === 0 || s.confidence >= minConfidence)
    .map(({ code, confidence }) => ({ code, uri: `${MEDIA_TOPIC_URI_BASE}${code.slice('medtop:'.length)}`, label: MEDIA_TOPICS[code], confidence: Math.round(confidence * 1000) / 1000 }));
}
