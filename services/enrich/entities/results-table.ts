import { startsUpper } from './name-lexicon.ts';

const NUMBER = /^[-+]?\d[\d.,:/-]*$/;
const LOWER_INITIAL = /^\p{Ll}/u;

/**
 * Features of sports results and standings lines (`Santos 3 Nova Gremio 1`, `Leicester 12 5 4 3 14 10 19`):
 * a line of capitalised names and numbers only, where a name before a score is a team, not the place it is named after.
 */
export function resultsTableFeatures(words: readonly string[]): string[][] {
  const numbers = words.filter((w) => NUMBER.test(w)).length;
  const lowerWords = words.filter((w) => LOWER_INITIAL.test(w) && w !== 'v' && w !== 'vs').length;
  const capitalised = words.filter((w) => startsUpper(w)).length;
  const tableLine = numbers >= 1 && capitalised >= 1 && lowerWords === 0 && !words.every((w) => !/\p{Ll}/u.test(w));
  return words.map((word, i) => {
    if (!startsUpper(word)) return [];
    let k = i + 1;
    while (k < words.length && startsUpper(words[k] ?? '')) k += 1;
    const beforeNumber = NUMBER.test(words[k] ?? '');
    let j = i - 1;
    while (j >= 0 && startsUpper(words[j] ?? '')) j -= 1;
    const afterNumber = j >= 0 && NUMBER.test(words[j] ?? '');
    const f: string[] = [];
    if (beforeNumber) f.push(`run-before-number|after=${afterNumber}`);
    if (tableLine) f.push(`table-line|before-number=${beforeNumber}`, `table-line|numbers=${Math.min(numbers, 3)}`);
    return f;
  });
}
