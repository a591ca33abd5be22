import type { Fingerprint } from './fingerprint.ts';
import type { ItemVectors } from './item-vectors.ts';
import type { DuplicateKind } from './match-policy.ts';

/** An item in the window, `dd:{ns}:v<n>:fp:<itemKey>`, as the index reads it. */
export interface Entry {
  storyId: string;
  fingerprint: Fingerprint;
  vectors: ItemVectors;
  /** the item this one duplicates: it follows that item through regroupings */
  duplicateOf?: { key: string; kind: DuplicateKind };
  /** a regrouping moved it: it stays where it went while it is in the window (regroupings settle, never oscillate) */
  moved?: true;
}

/**
 * How an entry (`dd:{ns}:v<n>:fp:<itemKey>`) is stored: the fingerprint without its MinHash signature
 * (`f`), the signature as base64 of its 32-bit values (`m`), and the vectors' weights as base64 of
 * float64 in the order of the fingerprint's `terms` and `entities` keys (`w`): the vectors' keys are
 * those keys, so they are not stored twice. Every number decodes to the very value encoded, so scores,
 * and with them routing decisions, are those of the plain JSON entry. A lookup parses about a third
 * of the JSON it parsed before, and Redis keeps a third less per entry.
 *
 * Entries written before this encoding (`{ storyId, fingerprint, vectors }`) are still read as they are:
 * an index upgraded in place keeps its window.
 */
export type StoredEntry = PlainEntry | CompactEntry;

type PlainEntry = Entry;

interface CompactEntry {
  s: string;
  f: Omit<Fingerprint, 'minhash'>;
  m: string;
  /** the weights; absent when the vectors' keys are not the fingerprint's (then `v` holds them as they are) */
  w?: string;
  v?: ItemVectors;
  d?: Entry['duplicateOf'];
  moved?: true;
}

export function encodeEntry(entry: Entry): CompactEntry {
  const { minhash, ...rest } = entry.fingerprint;
  const weights = packedWeights(entry.fingerprint, entry.vectors);
  return {
    s: entry.storyId,
    f: rest,
    m: packedSignature(minhash),
    ...(weights === undefined ? { v: entry.vectors } : { w: weights }),
    ...(entry.duplicateOf ? { d: entry.duplicateOf } : {}),
    ...(entry.moved ? { moved: true as const } : {}),
  };
}

export function decodeEntry(stored: StoredEntry): Entry;
export function decodeEntry(stored: StoredEntry | null): Entry | null;
export function decodeEntry(stored: StoredEntry | null): Entry | null {
  if (stored === null) return null;
  if ('fingerprint' in stored) return stored;
  const bytes = Buffer.from(stored.m, 'base64');
  const minhash = new Array<number>(bytes.byteLength >>> 2);
  for (let i = 0; i < minhash.length; i++) minhash[i] = bytes.readUInt32LE(i * 4);
  const fingerprint: Fingerprint = { ...stored.f, minhash };
  return {
    storyId: stored.s,
    fingerprint,
    vectors: stored.w === undefined ? stored.v! : unpackedWeights(fingerprint, stored.w),
    ...(stored.d ? { duplicateOf: stored.d } : {}),
    ...(stored.moved ? { moved: true as const } : {}),
  };
}

function packedSignature(minhash: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(minhash.length * 4);
  minhash.forEach((value, i) => bytes.writeUInt32LE(value, i * 4));
  return bytes.toString('base64');
}

/** The vectors' weights in key order, when their keys are exactly the fingerprint's terms and names, in order. */
function packedWeights(fp: Fingerprint, vectors: ItemVectors): string | undefined {
  const termKeys = Object.keys(fp.terms);
  const entityKeys = Object.keys(fp.entities);
  const vectorTerms = Object.keys(vectors.terms);
  const vectorEntities = Object.keys(vectors.entities);
  if (!sameKeys(termKeys, vectorTerms) || !sameKeys(entityKeys, vectorEntities)) return undefined;
  const weights = Buffer.allocUnsafe((termKeys.length + entityKeys.length) * 8);
  termKeys.forEach((key, i) => weights.writeDoubleLE(vectors.terms[key]!, i * 8));
  entityKeys.forEach((key, i) => weights.writeDoubleLE(vectors.entities[key]!, (termKeys.length + i) * 8));
  return weights.toString('base64');
}

function unpackedWeights(fp: Fingerprint, packed: string): ItemVectors {
  const weights = Buffer.from(packed, 'base64');
  const terms: Record<string, number> = {};
  const entities: Record<string, number> = {};
  let at = 0;
  for (const key in fp.terms) terms[key] = weights.readDoubleLE((at++) * 8);
  for (const key in fp.entities) entities[key] = weights.readDoubleLE((at++) * 8);
  return { terms, entities };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
