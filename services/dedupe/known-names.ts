import { KNOWN_ENTITIES, type KnownEntity } from '../enrich/entities/known-entities.ts';
import { isStopword, tokenise } from './text-normalise.ts';

/**
 * One identity per person or body the enricher's curated lexicon knows, whatever the language and
 * script of the copy: Lavrov, Lawrow, Лавров, Лаврова all become `@n:sergey-lavrov`, NATO, OTAN and
 * НАТО `@n:nato`. Copy about one event in several languages then shares its actors' names, which
 * the candidate lookup (salient terms) and the anchors (entities) both count.
 *
 * A person is known by the last word of each spelling (their surname, as copy names them after the
 * first mention); a body by its one-word spellings. Words shorter than four letters, stopwords and
 * words two entities share are left alone (WHO, UN, EU, "Fed" name other things too).
 */
export type KnownNameOf = (token: string) => string | undefined;

let table: ReadonlyMap<string, string> | undefined;

export const knownNameOf: KnownNameOf = (token) => (table ??= buildTable(KNOWN_ENTITIES)).get(token);

export function identityOf(entity: KnownEntity): string {
  return `@n:${tokenise(entity.name).join('-')}`;
}

export function buildTable(entities: readonly KnownEntity[]): Map<string, string> {
  const identities = new Map<string, Set<string>>();
  const add = (word: string, identity: string): void => {
    if (word.length < 4 || isStopword(word) || /^\d/.test(word)) return;
    identities.set(word, (identities.get(word) ?? new Set()).add(identity));
  };
  for (const entity of entities) {
    const identity = identityOf(entity);
    for (const spelling of [entity.name, ...entity.aliases]) {
      const words = tokenise(spelling);
      if (entity.type === 'person' && words.length > 0) add(words.at(-1)!, identity);
      if (entity.type === 'organisation' && words.length === 1) add(words[0]!, identity);
    }
  }
  const known = new Map<string, string>();
  for (const [word, set] of identities) if (set.size === 1) known.set(word, [...set][0]!);
  return known;
}
