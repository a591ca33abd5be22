import { createRequire } from 'node:module';
import type { Country } from 'world-countries';
import { KNOWN_ENTITIES } from '../enrich/entities/known-entities.ts';
import { identityOf } from './known-names.ts';

/**
 * Names with an identity inside runs of scripts written without spaces (Chinese, Japanese): the
 * fingerprint splits those runs into character bigrams, so 布林肯 or 俄罗斯 are never one token. The
 * lexicon's people and bodies (布林肯 → `@n:antony-blinken`, 联合国 → `@n:united-nations`) and the
 * countries' Chinese and Japanese names (world-countries: 俄罗斯 → `@ru`, ウクライナ → `@ua`) are found in
 * the run itself, longest first, in one pass (a lookup per length of the names a character begins).
 */
const NAME_SCRIPTS = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const UNSPACED_LETTER = new RegExp(`[${NAME_SCRIPTS}]`, 'u');
/** A run of those scripts, with the Japanese prolonged-sound mark (ー) they write inside words. */
const UNSPACED_RUN = new RegExp(`[${NAME_SCRIPTS}ー]+`, 'gu');

interface UnspacedTable {
  readonly names: ReadonlyMap<string, string>;
  /** by first character, the lengths (in characters, longest first) of the names it begins: most characters begin none */
  readonly lengthsByFirst: ReadonlyMap<string, readonly number[]>;
}

let table: UnspacedTable | undefined;

export function containsUnspaced(word: string): boolean {
  return UNSPACED_LETTER.test(word);
}

/** The identities named in every run of an unspaced script in a text: they count as its terms too, as a spaced script's names do. */
export function identitiesInText(text: string): string[] {
  return [...text.matchAll(UNSPACED_RUN)].flatMap((match) => identitiesInUnspaced(match[0]));
}

/** The identities named in a run of an unspaced script, in order, each match consumed. */
export function identitiesInUnspaced(run: string): string[] {
  const { names, lengthsByFirst } = (table ??= buildTable());
  // Where each character starts (a character outside the basic plane takes two code units).
  const starts: number[] = [];
  for (let at = 0; at < run.length; at += (run.codePointAt(at) ?? 0) > 0xffff ? 2 : 1) starts.push(at);
  starts.push(run.length);
  const found: string[] = [];
  let i = 0;
  while (i < starts.length - 1) {
    let matched = 0;
    for (const length of lengthsByFirst.get(run.slice(starts[i], starts[i + 1])) ?? []) {
      if (i + length > starts.length - 1) continue;
      const identity = names.get(run.slice(starts[i], starts[i + length]));
      if (identity) {
        found.push(identity);
        matched = length;
        break;
      }
    }
    i += Math.max(1, matched);
  }
  return found;
}

function buildTable(): UnspacedTable {
  const spellings = new Map<string, Set<string>>();
  const add = (spelling: string | undefined, identity: string): void => {
    if (!spelling || [...spelling].length < 2 || !containsUnspaced(spelling) || /\s/.test(spelling)) return;
    spellings.set(spelling, (spellings.get(spelling) ?? new Set()).add(identity));
  };
  for (const entity of KNOWN_ENTITIES) for (const spelling of [entity.name, ...entity.aliases]) add(spelling, identityOf(entity));
  const countries = createRequire(import.meta.url)('world-countries') as readonly Country[];
  for (const country of countries) {
    for (const language of ['zho', 'jpn'] as const) add(country.translations[language]?.common, `@${country.cca2.toLowerCase()}`);
  }
  // A spelling two identities share names neither.
  const names = new Map([...spellings].flatMap(([spelling, set]) => (set.size === 1 ? [[spelling, [...set][0]!] as const] : [])));
  const lengthsByFirst = new Map<string, number[]>();
  for (const name of names.keys()) {
    const chars = [...name];
    const lengths = lengthsByFirst.get(chars[0]!) ?? [];
    if (!lengths.includes(chars.length)) lengths.push(chars.length);
    lengthsByFirst.set(chars[0]!, lengths.sort((a, b) => b - a));
  }
  return { names, lengthsByFirst };
}
