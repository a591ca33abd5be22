import { isStopword, SENTENCE_BREAK, stem, tokenise } from './text-normalise.ts';

/**
 * How many of what, as the copy states it: "a 5.6 magnitude quake" → magnitude=5.6, "killing at least
 * 10 people" → killing=10 and people=10, "$200 million offer" → offer=200million, "December 15" →
 * december=15 (a day is a fact about its month). Two events of one
 * kind share their wording but not their magnitude, toll, price or seat count; two reports of one
 * event that state the same quantity agree on it.
 */
export function quantityFacts(text: string): string[] {
  const facts = new Set<string>();
  for (const sentence of text.split(SENTENCE_BREAK)) {
    const words = tokenise(sentence);
    words.forEach((word, i) => {
      let value = /^\d+(\.\d+)?$/.test(word) ? word : NUMBER_WORDS[word];
      if (value === undefined || /^(1[89]|20)\d\d$/.test(value)) return;
      // Parts of a numeric date ("2022-01-22", "11/28/05") or of a score ("9-14") are not counts.
      if (/^\d+$/.test(words[i - 1] ?? '') || /^\d+$/.test(words[i + 1] ?? '')) return;
      let next = i + 1;
      if (SCALES.has(words[next] ?? '')) value += words[next++];
      while (next < words.length && next < i + 4 && (isStopword(words[next]!) || FILLERS.has(words[next]!))) next++;
      const counted = words[next];
      if (counted !== undefined && isQuantityNoun(counted)) facts.add(`${stem(counted)}=${value}`);
      const before = words[i - 1] === 'of' || words[i - 1] === 'least' ? words[i - 2] : words[i - 1];
      if (before !== undefined && /^\d/.test(value) && isQuantityNoun(before)) facts.add(`${stem(before)}=${value}`);
    });
  }
  return [...facts].sort();
}

/**
 * Agreement on the quantities both sides state: of the things both count, the share counted alike.
 * Null when they count nothing in common.
 */
export function quantityAgreement(a: readonly string[], b: readonly string[]): number | null {
  const left = byKey(a);
  const right = byKey(b);
  let shared = 0;
  let agreeing = 0;
  for (const [key, values] of left) {
    const other = right.get(key);
    if (!other) continue;
    shared++;
    if ([...values].some((v) => other.has(v))) agreeing++;
  }
  return shared === 0 ? null : agreeing / shared;
}

function byKey(facts: readonly string[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const fact of facts) {
    const at = fact.indexOf('=');
    const key = fact.slice(0, at);
    const values = map.get(key) ?? new Set<string>();
    values.add(fact.slice(at + 1));
    map.set(key, values);
  }
  return map;
}

function isQuantityNoun(word: string): boolean {
  return word.length > 2 && !/\d/.test(word) && !isStopword(word) && !SCALES.has(word) && !FILLERS.has(word);
}

const SCALES = new Set(['million', 'billion', 'trillion', 'percent']);
const FILLERS = new Set(['least', 'about', 'some', 'nearly', 'almost', 'around', 'roughly', 'than']);
const NUMBER_WORDS: Readonly<Record<string, string>> = {
  two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', dozen: '12', twenty: '20', hundred: '100',
};
