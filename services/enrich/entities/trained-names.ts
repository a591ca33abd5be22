import type { TrainedNameIndex } from './name-lexicon.ts';
import { spansFromBio } from './bio-spans.ts';

/**
 * Names as an annotated training set tags them (CoNLL-2003 eng.train: "Honda" ORG, "Bundesbank" ORG),
 * each with the type it carries most often there: a lexicon feature of the other languages' taggers,
 * whose own dev splits are too small to have met most companies, parties and clubs.
 */
export interface TrainedNamesFile {
  format: 'storyline-trained-names/1';
  source: string;
  /** [name as tokens joined by spaces, type] */
  names: Array<[string, string]>;
}

const NAME_TYPES = ['PER', 'ORG', 'LOC', 'MISC'];

/** The names of tagged sentences (BIO), each with its most frequent type (ties: PER, ORG, LOC, MISC order). */
export function collectTrainedNames(sentences: Iterable<{ tokens: readonly string[]; tags: readonly string[] }>, source: string): TrainedNamesFile {
  const counts = new Map<string, Map<string, number>>();
  for (const { tokens, tags } of sentences) {
    for (const { type, start, end } of spansFromBio(tags)) {
      if (!NAME_TYPES.includes(type)) continue;
      const name = tokens.slice(start, end).join(' ');
      const byType = counts.get(name) ?? new Map<string, number>();
      byType.set(type, (byType.get(type) ?? 0) + 1);
      counts.set(name, byType);
    }
  }
  const names: Array<[string, string]> = [];
  for (const [name, byType] of counts) {
    let best = '';
    let bestCount = 0;
    for (const t of NAME_TYPES) {
      const c = byType.get(t) ?? 0;
      if (c > bestCount) {
        best = t;
        bestCount = c;
      }
    }
    names.push([name, best]);
  }
  names.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { format: 'storyline-trained-names/1', source, names };
}

export function buildTrainedNames(file: TrainedNamesFile): TrainedNameIndex {
  if (file.format !== 'storyline-trained-names/1') throw new Error(`unknown trained-names format ${String(file.format)}`);
  const index = new Map<string, Array<{ tokens: string[]; kind: string }>>();
  for (const [name, kind] of file.names) {
    const tokens = name.toLowerCase().split(' ').filter(Boolean);
    const first = tokens[0];
    if (!first) continue;
    const list = index.get(first) ?? [];
    list.push({ tokens, kind });
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.tokens.length - a.tokens.length || a.kind.localeCompare(b.kind));
  return index;
}
