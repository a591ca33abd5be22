import { createRequire } from 'node:module';
import type { Country } from 'world-countries';
import { knownNameOf } from './known-names.ts';
import { stem, tokenise } from './text-normalise.ts';

/**
 * One identity per country, whatever the word for it: Israel, Israeli, Israël, Израиль all become
 * `@il`. Templated wire copy about two countries (Danish and Finnish prices, World Bank loans to
 * Portugal and to Mexico) then tells its subjects apart, and copy about one country in two languages
 * shares a name. From the world-countries package (mledoze/countries, ODbL): common names in its
 * translations, English and French demonyms, one-word spellings.
 */
export type CountryCodeOf = (token: string) => string | undefined;

// Words that more often name someone or something else in wire copy (a US state, a first name, a bird).
const AMBIGUOUS = new Set(['georgia', 'jordan', 'chad', 'turkey', 'guinea']);

let table: ReadonlyMap<string, string> | undefined;

export const countryCodeOf: CountryCodeOf = (token) => (table ??= buildTable()).get(token);

/** A token as the fingerprint counts it: the identity of the person, body or country it names, or its stem. */
export function canonicalTerm(token: string): string {
  const stemmed = stem(token);
  return knownNameOf(token) ?? countryCodeOf(token) ?? countryCodeOf(stemmed) ?? stemmed;
}

function buildTable(): Map<string, string> {
  // The package ships CommonJS whose typings declare an ES default export: required, as Node loads it.
  const countries = createRequire(import.meta.url)('world-countries') as readonly Country[];
  const codes = new Map<string, Set<string>>();
  const member = new Set(countries.filter((c) => c.unMember).map((c) => `@${c.cca2.toLowerCase()}`));
  const add = (name: string | undefined, code: string): void => {
    if (!name) return;
    const tokens = tokenise(name);
    // One-word names only: the words of "South Africa" or "New Zealand" name other things too.
    if (tokens.length !== 1 || tokens[0]!.length < 4) return;
    const token = tokens[0]!;
    codes.set(token, (codes.get(token) ?? new Set()).add(code));
  };
  for (const country of countries) {
    const code = `@${country.cca2.toLowerCase()}`;
    add(country.name.common, code);
    for (const spelling of country.altSpellings) add(spelling, code);
    for (const translation of Object.values(country.translations)) add(translation.common, code);
    for (const demonyms of Object.values(country.demonyms ?? {})) {
      add(demonyms.m, code);
      add(demonyms.f, code);
    }
  }
  const table = new Map<string, string>();
  for (const [token, set] of codes) {
    if (AMBIGUOUS.has(token)) continue;
    // "American", "Dutch", "French" are also the demonyms of territories: the one UN member among them is meant.
    const members = [...set].filter((code) => member.has(code));
    const meant = set.size === 1 ? [...set] : members;
    if (meant.length === 1) table.set(token, meant[0]!);
  }
  return table;
}
