/** Averaged-perceptron weights of the named-entity tagger, as stored (gzip JSON) and as used. */
export interface NerModelFile {
  format: 'storyline-ner-perceptron/1';
  tags: string[];
  /** weights are integers: the learned value times `scale` */
  scale: number;
  features: string[];
  /** per feature: tag index, weight, tag index, weight, ... */
  weights: number[][];
}

export interface NerModel {
  tags: readonly string[];
  weights: ReadonlyMap<string, Float32Array>;
  /** the same rows for two-part features "template=a|b", by template, a, b (see PAIR_TEMPLATES) */
  pairs: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, Float32Array>>>;
  /** a second model that retags the document knowing this one's tags (document-pass.ts): the English tagger's */
  documentPass?: NerModel;
}

const PAIR_PATTERN = /^(l-1l|ll\+1|t-1w|t-1ss)=([^|]*)\|([^|]*)$/;

export function decodeNerModel(file: NerModelFile): NerModel {
  if (file.format !== 'storyline-ner-perceptron/1') throw new Error(`unknown NER model format ${String(file.format)}`);
  const weights = new Map<string, Float32Array>();
  const pairs = new Map<string, Map<string, Map<string, Float32Array>>>();
  file.features.forEach((feature, i) => {
    const row = new Float32Array(file.tags.length);
    const entries = file.weights[i] ?? [];
    for (let k = 0; k + 1 < entries.length; k += 2) row[entries[k] ?? 0] = (entries[k + 1] ?? 0) / file.scale;
    weights.set(feature, row);
    const pair = PAIR_PATTERN.exec(feature);
    if (pair) {
      const [, template = '', a = '', b = ''] = pair;
      const byTemplate = pairs.get(template) ?? new Map<string, Map<string, Float32Array>>();
      pairs.set(template, byTemplate);
      const byA = byTemplate.get(a) ?? new Map<string, Float32Array>();
      byTemplate.set(a, byA);
      byA.set(b, row);
    }
  });
  return { tags: file.tags, weights, pairs };
}

export function encodeNerModel(tags: readonly string[], rows: ReadonlyMap<string, ArrayLike<number>>, scale: number, minAbs: number): NerModelFile {
  const features: string[] = [];
  const weights: number[][] = [];
  for (const [feature, row] of [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const pairs: number[] = [];
    for (let t = 0; t < tags.length; t += 1) {
      const w = row[t] ?? 0;
      if (Math.abs(w) >= minAbs) pairs.push(t, Math.round(w * scale));
    }
    if (pairs.length > 0) {
      features.push(feature);
      weights.push(pairs);
    }
  }
  return { format: 'storyline-ner-perceptron/1', tags: [...tags], scale, features, weights };
}
