import { canonicalTerm } from './country-names.ts';
import { mentionsTerm, type Fingerprint } from './fingerprint.ts';
import { isStopword, tokenise } from './text-normalise.ts';

type Copy = Pick<Fingerprint, 'place' | 'titleTokens' | 'entities' | 'terms'>;

const placeTermsCache = new Map<string, readonly string[]>();

/** The dateline city's words as the fingerprint counts them ("sioux falls" → sioux, fall). */
function placeTerms(place: string): readonly string[] {
  let terms = placeTermsCache.get(place);
  if (!terms) {
    terms = tokenise(place).filter((t) => !isStopword(t)).map(canonicalTerm);
    if (placeTermsCache.size > 10_000) placeTermsCache.clear();
    placeTermsCache.set(place, terms);
  }
  return terms;
}

/**
 * A headline that prints its own dateline's city reports from that place: a local market's opening, a
 * delivery point's stocks (ST PAUL CATTLE OPEN UP, SIOUX FALLS CATTLE SEEN UP). Such a report and copy
 * datelined elsewhere that never names the place are the same kind of happening in two places, not one
 * event, however alike their wording.
 */
export function reportsFromDifferentPlaces(a: Copy, b: Copy): boolean {
  return reportsApartFrom(a, b) || reportsApartFrom(b, a);
}

function reportsApartFrom(local: Copy, other: Copy): boolean {
  if (local.place === null || other.place === null || local.place === other.place) return false;
  const terms = placeTerms(local.place);
  if (terms.length === 0 || !terms.some((t) => local.titleTokens.includes(t))) return false;
  return !terms.every((t) => mentionsTerm(other, t));
}
