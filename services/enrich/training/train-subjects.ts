/**
 * Trains the IPTC Media Topics classifier on the BBC News classes (mapped to the top level) with a
 * deterministic split: a file is held out when a hash of "<class>/<file>" falls in the last fifth.
 *   npx tsx services/enrich/training/train-subjects.ts --bbc ../shared/data/bbc --out services/enrich/models/subjects.json.gz
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BBC_CLASS_TO_MEDIA_TOPIC, type MediaTopicCode } from '../iptc-media-topics.ts';
import { softmax, subjectTerms, type SubjectModelFile } from '../subjects.ts';
import { argValue, seededRandom, shuffleInPlace } from './seeded-random.ts';

export interface LabelledText {
  id: string;
  code: MediaTopicCode;
  text: string;
}

/** FNV-1a: a stable split that does not depend on directory order. */
export function isHeldOut(id: string, testFraction = 0.2): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 4294967296 >= 1 - testFraction;
}

export function readBbc(dir: string): LabelledText[] {
  const items: LabelledText[] = [];
  for (const [label, code] of Object.entries(BBC_CLASS_TO_MEDIA_TOPIC)) {
    for (const file of readdirSync(join(dir, label)).filter((f) => f.endsWith('.txt')).sort()) {
      items.push({ id: `${label}/${file}`, code, text: readFileSync(join(dir, label, file), 'latin1') });
    }
  }
  return items;
}

export function trainSubjects(items: readonly LabelledText[], options: { epochs: number; seed: number; minCount: number; l2: number }): SubjectModelFile {
  const classes = [...new Set(items.map((i) => i.code))].sort();
  const docFreq = new Map<string, number>();
  const examples = items.map((item) => {
    const terms = subjectTerms(item.text);
    for (const term of terms.keys()) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
    return { terms, label: classes.indexOf(item.code) };
  });
  const vocabulary = [...docFreq].filter(([, df]) => df >= options.minCount).map(([t]) => t).sort();
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const k = classes.length;
  const weights = new Float64Array(vocabulary.length * k);
  const bias = new Float64Array(k);
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    shuffleInPlace(order, random);
    const rate = 0.5 / (1 + epoch);
    for (const i of order) {
      const ex = examples[i];
      if (!ex) continue;
      const features = [...ex.terms].flatMap(([t, v]) => {
        const id = index.get(t);
        return id === undefined ? [] : [[id, v] as const];
      });
      const scores = Array.from(bias);
      for (const [id, v] of features) for (let c = 0; c < k; c += 1) scores[c] = (scores[c] ?? 0) + v * (weights[id * k + c] ?? 0);
      const p = softmax(scores);
      for (let c = 0; c < k; c += 1) {
        const g = (p[c] ?? 0) - (c === ex.label ? 1 : 0);
        bias[c] = (bias[c] ?? 0) - rate * g;
        for (const [id, v] of features) {
          const w = weights[id * k + c] ?? 0;
          weights[id * k + c] = w - rate * (g * v + options.l2 * w);
        }
      }
    }
  }
  const scale = 1000;
  return {
    format: 'storyline-subjects-logreg/1',
    classes,
    scale,
    bias: Array.from(bias, (b) => Math.round(b * scale)),
    vocabulary,
    weights: vocabulary.map((_, id) => Array.from({ length: k }, (_, c) => Math.round((weights[id * k + c] ?? 0) * scale))),
    documentFrequency: vocabulary.map((t) => docFreq.get(t) ?? 0),
    documentCount: items.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const bbc = argValue(args, '--bbc') ?? '../shared/data/bbc';
  const out = argValue(args, '--out') ?? 'services/enrich/models/subjects.json.gz';
  const items = readBbc(bbc);
  const train = items.filter((i) => !isHeldOut(i.id));
  const model = trainSubjects(train, { epochs: Number(argValue(args, '--epochs') ?? 12), seed: Number(argValue(args, '--seed') ?? 7), minCount: 2, l2: 1e-5 });
  const bytes = gzipSync(JSON.stringify(model), { level: 9 });
  writeFileSync(out, bytes);
  console.log(`trained on ${train.length} of ${items.length} BBC articles (${items.length - train.length} held out); wrote ${out}: ${model.vocabulary.length} terms, ${bytes.length} bytes`);
}
