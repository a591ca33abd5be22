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
 * - edited re-send: two items at most one calendar day apart whose normalised bodies differ but share
 *   at least half of their word 3-shingles (Jaccard ≥ 0.5), headline free to change.
 */
export const EDITED_RESEND_RULE = { maxDaysApart: 1, minShingleJaccard: 0.5 } as const;

export function reutersReference(documents: readonly ReutersDocument[]): ReutersReference {
  const withBody = documents.filter((d) => normaliseText(d.body).length > 0);
  const byText = new Map<string, string[]>();
  for (const d of withBody) {
    const key = `${normaliseText(d.title)}\n${normaliseText(d.body)}`;
    byText.set(key, [...(byText.get(key) ?? []), String(d.newId)]);
  }
  const exactResends: ItemPair[] = [];
  for (const ids of byText.values()) {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) exactResends.push([ids[i]!, ids[j]!]);
  }
  return { exactResends, editedResends: editedResendPairs(withBody) };
}

function editedResendPairs(documents: readonly ReutersDocument[]): ItemPair[] {
  const ordered = [...documents].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.newId - b.newId));
  const shingles = ordered.map((d) => shingleHashes(tokenise(d.body)));
  const bodies = ordered.map((d) => normaliseText(d.body));
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
      if (jaccard >= EDITED_RESEND_RULE.minShingleJaccard && bodies[i] !== bodies[j]) {
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
