/**
 * Builds the person-name lexicon (`models/person-names.json.gz`) from the first and last names of every
 * locale of `@faker-js/faker` (MIT; name lists per language, none drawn from the NER corpora):
 *   npx tsx services/enrich/training/build-person-names.ts --out services/enrich/models/person-names.json.gz
 * Deterministic: the same faker version gives the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { allLocales } from '@faker-js/faker';
import type { PersonNamesFile } from '../entities/person-names.ts';
import { argValue } from './seeded-random.ts';

type NameList = readonly string[] | Readonly<Record<string, readonly string[] | undefined>> | undefined;

function namesOf(list: NameList): string[] {
  if (!list) return [];
  return Array.isArray(list) ? [...(list as readonly string[])] : Object.values(list as Record<string, readonly string[] | undefined>).flatMap((names) => names ?? []);
}

/** Single capitalised words only: "Mary Ann" and "O'Connor" add their parts, pattern strings are skipped. */
function words(names: readonly string[]): string[] {
  return names.flatMap((name) => name.split(/[\s-]+/u)).filter((w) => /^\p{Lu}[\p{L}'’]+$/u.test(w)).map((w) => w.toLowerCase());
}

export function buildPersonNames(): PersonNamesFile {
  const first = new Set<string>();
  const last = new Set<string>();
  for (const locale of Object.values(allLocales)) {
    const person = (locale as { person?: { first_name?: NameList; last_name?: NameList } }).person;
    for (const w of words(namesOf(person?.first_name))) first.add(w);
    for (const w of words(namesOf(person?.last_name))) last.add(w);
  }
  return { format: 'storyline-person-names/1', source: '@faker-js/faker person.first_name, person.last_name (all locales)', first: [...first].sort(), last: [...last].sort() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = argValue(process.argv.slice(2), '--out') ?? 'services/enrich/models/person-names.json.gz';
  const file = buildPersonNames();
  const bytes = gzipSync(JSON.stringify(file), { level: 9 });
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${file.first.length} first names, ${file.last.length} last names, ${bytes.length} bytes`);
}
