import { lexiconMatches, type NameLexicon } from './name-lexicon.ts';

/**
 * "Air" printed before a gazetteer place names a carrier, not the place: Air France, Air India, Air New
 * Zealand. The place's own reading is so strong that the tagger calls the run a location, and annotated
 * training copy rarely shows a carrier, so the run is retagged as one organisation.
 */
export function tagAirlineNames(sentence: readonly string[], tags: readonly string[], lexicon: NameLexicon): string[] {
  const out = [...tags];
  if (!sentence.includes('Air')) return out;
  const places = lexiconMatches(sentence, lexicon);
  for (let i = 0; i + 1 < sentence.length; i += 1) {
    if (sentence[i] !== 'Air' || !places[i + 1]?.endsWith(':B')) continue;
    let end = i + 2;
    while (places[end]?.endsWith(':I')) end += 1;
    out[i] = 'B-ORG';
    for (let k = i + 1; k < end; k += 1) out[k] = 'I-ORG';
    const after = out[end];
    if (after?.startsWith('I-')) out[end] = `B-${after.slice(2)}`;
    i = end - 1;
  }
  return out;
}
