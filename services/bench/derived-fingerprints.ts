import type { DedupeArticle, Fingerprint } from '../dedupe/fingerprint.ts';
import { articleText, fingerprintArticle } from '../dedupe/fingerprint.ts';
import { canonicalTerm } from '../dedupe/country-names.ts';
import { hash128Hex, murmur32 } from '../dedupe/hashing.ts';
import { lshBandKeys, minhashSignature, shingleHashes } from '../dedupe/minhash.ts';
import { tokenise } from '../dedupe/text-normalise.ts';
import { seededRandom } from '../enrich/training/seeded-random.ts';
import { madeUpName, WIRE_VOCABULARY } from './wire-stream.ts';

/** Each word of the generator's lists (as the fingerprint counts it) → the words of its list: a town's word is replaced by a town's word. */
const WORD_CLASSES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.values(WIRE_VOCABULARY).flatMap((list) => {
    const words = [...new Set(list.flatMap((entry) => tokenise(entry).map(canonicalTerm)))];
    return words.map((word) => [word, words] as const);
  }),
);

/** A generated article fingerprinted for real, with what deriving other items from it needs. */
export interface PoolItem {
  article: DedupeArticle;
  storyId: string;
  fingerprint: Fingerprint;
  titleWords: string[];
  bodyWords: string[];
  /** canonicalTerm of each title and body word, in the same order */
  titleTerms: string[];
  bodyTerms: string[];
}

export interface DerivedItem {
  article: DedupeArticle;
  storyId: string;
  fingerprint: Fingerprint;
}

/** Fingerprints generated articles once (the expensive part, 2–8 ms each); `storyId` names the event routing would find. */
export function fingerprintPool(items: ReadonlyArray<{ article: DedupeArticle; storyId: string }>): PoolItem[] {
  return items.map(({ article, storyId }) => {
    const { title, body } = articleText(article);
    const titleWords = tokenise(title);
    const bodyWords = tokenise(body);
    return { article, storyId, fingerprint: fingerprintArticle(article), titleWords, bodyWords, titleTerms: titleWords.map(canonicalTerm), bodyTerms: bodyWords.map(canonicalTerm) };
  });
}

/**
 * Variant `variant` of a pool item: another item about another event of the same kind, as the wire
 * generator would write it. Throughout a variant, seeded by (variant, word), each word of the
 * generator's lists (towns, first names, sites, companies, the things hit) is replaced by a word of
 * the same list, every other name of the copy (its entities) by a made-up name drawn as the generator
 * draws its names, and each figure by another of as many digits; the template's words stay. What depends on the words is
 * recomputed from the renamed words (exact hash, shingles, MinHash, LSH bands) or renamed with them
 * (terms, names, title, lead and salient terms, figures, quantities). Variant 0 is the pool item
 * itself. Ids and time are the caller's.
 */
export class FingerprintVariants {
  readonly #words = new Map<number, Map<string, string>>();

  derive(item: PoolItem, variant: number, at: { providerItemId: string; storyId: string; versionCreated: number }): DerivedItem {
    const article = { ...item.article, providerItemId: at.providerItemId, versioncreated: at.versionCreated };
    const source = item.fingerprint;
    const itemRef = { ...source.item, providerItemId: at.providerItemId };
    if (variant === 0) return { article, storyId: at.storyId, fingerprint: { ...source, item: itemRef, versionCreated: at.versionCreated } };
    const names = new Set(Object.keys(source.entities).filter((name) => !/^[@$]/.test(name)));
    const rename = (term: string): string => {
      const list = WORD_CLASSES.get(term);
      if (list) return this.#replaced(variant, `word:${term}`, (random) => list[Math.floor(random() * list.length)]!);
      if (names.has(term)) return this.#replaced(variant, `name:${term}`, (random) => canonicalTerm(madeUpName(random).toLowerCase()));
      if (/^\d+$/.test(term)) return this.#replaced(variant, `figure:${term}`, (random) => String(10 ** (term.length - 1) + Math.floor(random() * 9 * 10 ** (term.length - 1))));
      return term;
    };
    const renamedWord = (word: string, term: string): string => (/^\d+$/.test(word) ? rename(word) : names.has(term) || WORD_CLASSES.has(term) ? rename(term) : word);
    const titleWords = item.titleWords.map((word, i) => renamedWord(word, item.titleTerms[i]!));
    const bodyWords = item.bodyWords.map((word, i) => renamedWord(word, item.bodyTerms[i]!));
    const shingles = shingleHashes(bodyWords);
    const minhash = minhashSignature(shingles);
    const fingerprint: Fingerprint = {
      ...source,
      item: itemRef,
      versionCreated: at.versionCreated,
      // The variant is hashed too: a copy without names must not be an exact duplicate of its other variants.
      exactHash: hash128Hex(`${titleWords.join(' ')}\n${bodyWords.join(' ')}\n${variant}`),
      minhash,
      shingleCount: shingles.size,
      lshBands: shingles.size > 0 ? lshBandKeys(minhash) : [],
      titleTokens: renamedList(source.titleTokens, rename, true),
      terms: renamedCounts(source.terms, rename),
      leadTerms: renamedList(source.leadTerms, rename, true),
      entities: renamedCounts(source.entities, rename),
      salientTerms: renamedList(source.salientTerms, rename, false),
      numbers: source.numbers.map(rename),
      ...(source.quantities ? { quantities: source.quantities.map((q) => q.split('=').map(rename).join('=')) } : {}),
    };
    return { article, storyId: at.storyId, fingerprint };
  }

  /** The word that replaces `what` (`<kind>:<term>`) throughout variant `variant`: drawn once, seeded by both. */
  #replaced(variant: number, what: string, draw: (random: () => number) => string): string {
    let words = this.#words.get(variant);
    if (!words) this.#words.set(variant, (words = new Map<string, string>()));
    let word = words.get(what);
    if (word === undefined) {
      word = draw(seededRandom(murmur32(what, variant)));
      words.set(what, word);
    }
    return word;
  }
}

function renamedCounts(counts: Readonly<Record<string, number>>, rename: (term: string) => string): Record<string, number> {
  const renamed = new Map<string, number>();
  for (const [term, count] of Object.entries(counts)) {
    const name = rename(term);
    renamed.set(name, (renamed.get(name) ?? 0) + count);
  }
  const record: Record<string, number> = {};
  for (const key of [...renamed.keys()].sort()) record[key] = renamed.get(key)!;
  return record;
}

function renamedList(list: readonly string[], rename: (term: string) => string, sorted: boolean): string[] {
  const renamed = [...new Set(list.map(rename))];
  return sorted ? renamed.sort() : renamed;
}
