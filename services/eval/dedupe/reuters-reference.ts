import { shingleHashes } from '../../dedupe/minhash.ts';
import { normaliseText, tokenise } from '../../dedupe/text-normalise.ts';
import type { ReutersDocument } from './reuters-reader.ts';

export type ItemPair = readonly [string, string];

export interface ReutersReference {
  exactResends: ItemPair[];
  editedResends: ItemPair[];
}

/**
 * The reference, computed exactly (no sketches) and independently of the router:
 * - exact re-send: two items with a non-empty body whose normalised headline and body (lower-cased,
 *   punctuation and spacing removed) are identical, whenever they were sent;
 * - edited re-send: two items at most one calendar day apart that are not exact re-sends of each other
 *   (normalised headline or body differ) and whose bodies share at least half of their word 3-shingles
 *   (Jaccard ≥ 0.5), headline free to change: the same body under a new headline is an edited re-send.
 * Headline-only items (BRIEFs) have no body and take part in neither.
 * Templated copy about two companies shares its wording, not its subject, and is not a re-send: two
 * companies' dividends or prime rates or contracts, their headlines naming different exchange symbols;
 * two markets' reports, their headlines leading with their own different dateline cities.
 */
export const EDITED_RESEND_RULE = { maxDaysApart: 1, minShingleJaccard: 0.5 } as const;

export function reutersReference(documents: readonly ReutersDocument[]): ReutersReference {
  const withBody = documents.map((d) => ({ ...d, bodyTokens: tokenise(d.body) })).filter((d) => d.bodyTokens.length > 0);
  const byText = new Map<string, string[]>();
  for (const d of withBody) {
    const key = `${normaliseText(d.title)}\n${d.bodyTokens.join(' ')}`;
    byText.set(key, [...(byText.get(key) ?? []), String(d.newId)]);
  }
  const exactResends: ItemPair[] = [];
  for (const ids of byText.values()) {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) exactResends.push([ids[i]!, ids[j]!]);
  }
  return { exactResends, editedResends: editedResendPairs(withBody) };
}

function editedResendPairs(documents: ReadonlyArray<ReutersDocument & { bodyTokens: string[] }>): ItemPair[] {
  const ordered = [...documents].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.newId - b.newId));
  const shingles = ordered.map((d) => shingleHashes(d.bodyTokens));
  const texts = ordered.map((d) => `${normaliseText(d.title)}\n${d.bodyTokens.join(' ')}`);
  const dayNumber = ordered.map((d) => Date.parse(d.day) / 86_400_000);
  const postings = new Map<number, number[]>();
  const pairs: ItemPair[] = [];
  let windowStart = 0;
  for (let i = 0; i < ordered.length; i++) {
    // Slide the window: drop documents more than maxDaysApart before this one from the postings.
    while (dayNumber[i]! - dayNumber[windowStart]! > EDITED_RESEND_RULE.maxDaysApart) {
      for (const s of shingles[windowStart]!) {
        const list = postings.get(s);
        if (list && list[0] === windowStart) list.shift();
      }
      windowStart++;
    }
    const shared = new Map<number, number>();
    for (const s of shingles[i]!) for (const j of postings.get(s) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, common] of shared) {
      const jaccard = common / (shingles[i]!.size + shingles[j]!.size - common);
      if (jaccard >= EDITED_RESEND_RULE.minShingleJaccard && texts[i] !== texts[j] && !areDifferentSubjects(ordered[i]!, ordered[j]!) && !areDifferentMarkets(ordered[i]!, ordered[j]!)) {
        pairs.push([String(ordered[j]!.newId), String(ordered[i]!.newId)]);
      }
    }
    for (const s of shingles[i]!) {
      const list = postings.get(s);
      if (list) list.push(i);
      else postings.set(s, [i]);
    }
  }
  return pairs;
}

/**
 * Two companies by symbol: both headlines name companies by exchange symbol (the exchange suffix
 * aside) and none is the other's, give or take one mistyped letter; a correction may fix a symbol.
 */
export function areDifferentSubjects(a: Pick<ReutersDocument, 'title'>, b: Pick<ReutersDocument, 'title'>): boolean {
  if (/^\s*CORRECT/i.test(a.title) || /^\s*CORRECT/i.test(b.title)) return false;
  const [symbolsA, symbolsB] = [symbolsOf(a.title), symbolsOf(b.title)];
  if (symbolsA.length === 0 || symbolsB.length === 0) return false;
  return !symbolsA.some((x) => symbolsB.some((y) => editDistance(x, y) <= 1));
}

/**
 * Two places' reports of one kind: each headline begins with its own dateline city, and the cities
 * differ (JOLIET HOGS SEEN STEADY and KANSAS CITY HOGS SEEN STEADY share their body word for word).
 */
function areDifferentMarkets(a: Pick<ReutersDocument, 'title' | 'article'>, b: Pick<ReutersDocument, 'title' | 'article'>): boolean {
  const [placeA, placeB] = [leadingOwnPlace(a), leadingOwnPlace(b)];
  return placeA !== null && placeB !== null && placeA !== placeB;
}

function leadingOwnPlace(d: Pick<ReutersDocument, 'title' | 'article'>): string | null {
  const city = d.article.located?.city?.trim().toUpperCase();
  return city && d.title.trim().toUpperCase().startsWith(`${city} `) ? city : null;
}

function symbolsOf(title: string): string[] {
  return [...title.matchAll(/<([A-Z][A-Za-z0-9]{0,7})(?:\.[A-Z])?>|\(([A-Z][A-Z0-9]{0,7})(?:\.[A-Z])?\)/g)].map((m) => (m[1] ?? m[2]!).toUpperCase());
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
