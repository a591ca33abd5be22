/** First and last names known ahead of time, lower-cased: a lexicon feature of the taggers. */
export interface PersonNamesFile {
  format: 'storyline-person-names/1';
  source: string;
  first: string[];
  last: string[];
}

export type PersonNameKind = 'first' | 'last' | 'first+last';

/** By lower-cased name, and by name less one final letter (declined forms: Путина, Путину, Merkels). */
export interface PersonNames {
  exact: ReadonlyMap<string, PersonNameKind>;
  stems: ReadonlyMap<string, PersonNameKind>;
}

const STEM_MIN = 4;

export function buildPersonNames(file: PersonNamesFile): PersonNames {
  if (file.format !== 'storyline-person-names/1') throw new Error(`unknown person-name format ${String(file.format)}`);
  const exact = new Map<string, PersonNameKind>();
  const mark = (map: Map<string, PersonNameKind>, key: string, kind: 'first' | 'last'): void => {
    const had = map.get(key);
    map.set(key, had && had !== kind ? 'first+last' : kind);
  };
  for (const name of file.first) mark(exact, name, 'first');
  for (const name of file.last) mark(exact, name, 'last');
  const stems = new Map<string, PersonNameKind>();
  for (const [name, kind] of exact) {
    if (name.length < STEM_MIN) continue;
    if (kind !== 'last') mark(stems, name.slice(0, -1), 'first');
    if (kind !== 'first') mark(stems, name.slice(0, -1), 'last');
    stems.set(name, exact.get(name) ?? kind);
  }
  return { exact, stems };
}

/**
 * How a capitalised word matches the lexicon: `first`/`last` as written, `~first`/`~last` as a declined
 * form (one or two letters changed or added at the end), else null.
 */
export function personNameMatch(word: string, lower: string, names: PersonNames | undefined): string | null {
  if (!names || lower.length < 2 || word === lower) return null;
  const exact = names.exact.get(lower);
  if (exact) return exact;
  if (lower.length <= STEM_MIN) return null;
  const stem = names.stems.get(lower.slice(0, -1)) ?? (lower.length > STEM_MIN + 1 ? names.stems.get(lower.slice(0, -2)) : undefined);
  return stem ? `~${stem}` : null;
}
