import { cityExonyms } from '../enrich/place-names.ts';
import { normaliseText } from './text-normalise.ts';

let exonyms: ReadonlyMap<string, string> | undefined;

/** A dateline city as the fingerprint compares it: its English name where the exonym table knows it (Genève, Женева → geneva). */
export function placeIdentity(city: string): string {
  exonyms ??= new Map(cityExonyms().map(([name, english]) => [normaliseText(name), normaliseText(english)]));
  const place = normaliseText(city);
  return exonyms.get(place) ?? place;
}
