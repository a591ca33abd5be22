import { UNSPACED_SCRIPTS } from '../shared/text/unspaced-scripts.ts';

/**
 * Where copy breaks into sentences: after . ! ? before the next word, after the full stops of scripts
 * that set no space after them (。！？ and the danda), and at line ends.
 */
export const SENTENCE_BREAK = /(?<=[.!?])\s+(?=\S)|(?<=[\u3002\uff01\uff1f\u0964])\s*(?=\S)|\n+/u;

/** Case-folded, accent-folded, punctuation-free text: the basis of the exact hash and shingles. */
export function normaliseText(text: string): string {
  return tokenise(text).join(' ');
}

/**
 * Scripts written without spaces between words: their runs are cut into overlapping character
 * bigrams (東京都知事 → 東京 京都 都知 知事), deterministic whatever the ICU version, unlike a
 * dictionary segmenter, so that fingerprints stay stable across runtimes.
 */
const UNSPACED = `${UNSPACED_SCRIPTS}ー`;
const WORD_PART = String.raw`[[\p{L}\p{M}\p{N}]--[${UNSPACED}]]`;
const WORD_START = String.raw`[[\p{L}\p{N}]--[${UNSPACED}]]`;
const TOKEN = new RegExp(String.raw`(?<unspaced>[${UNSPACED}][${UNSPACED}\p{M}]*)|${WORD_START}${WORD_PART}*(?:[.,']${WORD_PART}+)*`, 'gv');

/**
 * Word tokens in any script: letters, marks and digits (\p{L}\p{M}\p{N}), NFKC-normalised and case-folded,
 * with the diacritics of Latin, Greek, Cyrillic, Arabic and Hebrew letters dropped (café = cafe, ё = е,
 * vowel points and harakat are optional in running text); the vowel signs of Indic scripts are letters
 * and stay. Unspaced scripts give character bigrams. Digits keep their inner `.` (6.1) and lose
 * thousands separators (155,221 → 155221) so that re-typeset numbers still compare equal.
 */
export function tokenise(text: string): string[] {
  const folded = foldText(text).toLowerCase().replace(/\u03c2/g, '\u03c3').replace(/\u00df/g, 'ss');
  const tokens: string[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    const run = match.groups?.unspaced;
    if (run !== undefined) tokens.push(...bigrams(run));
    else tokens.push(cleanToken(match[0]));
  }
  return tokens.filter((token) => token.length > 0);
}

const FOLDED_SCRIPTS = String.raw`\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}`;
const FOLDED_MARKS = new RegExp(String.raw`(?<=[${FOLDED_SCRIPTS}]\p{M}*)\p{Mn}|\u0640`, 'gu');

/** NFKC, diacritics of alphabetic scripts dropped, typographic apostrophes made plain; case kept (names are found by it). */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(FOLDED_MARKS, '')
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc`]/g, "'");
}

function bigrams(run: string): string[] {
  const units = run.match(/\P{M}\p{M}*/gu) ?? [];
  if (units.length <= 1) return units;
  const out: string[] = [];
  for (let i = 0; i + 1 < units.length; i++) out.push(units[i]! + units[i + 1]!);
  return out;
}

function cleanToken(token: string): string {
  if (/^\d[\d,.]*$/.test(token)) return token.replace(/,(?=\d{3}\b)/g, '').replace(/,/g, '.');
  return token.replace(/'s$/, '').replace(/[',]/g, '').replace(/\./g, '');
}

/** A light, deterministic English stemmer: plural and possessive endings only (people/events keep their names). */
export function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith('sses')) return token.slice(0, -2);
  if (token.endsWith('s') && !token.endsWith('ss') && !token.endsWith('us') && !token.endsWith('is')) {
    return token.slice(0, -1);
  }
  return token;
}

// Function words plus reporting verbs and newsroom boilerplate: words that say nothing about which event.
const STOPWORDS = new Set(
  (
    'a about above after again against all almost also although am among an and another any are around as at ' +
    'be became because become been before being below between both but by can could did do does doing done down ' +
    'during each either else even ever every few for from further had has have having he her here hers herself him ' +
    'himself his how however i if in into is it its itself just last least less like made make many may me might ' +
    'more most much must my myself near neither no nor not now of off often on once one only or other others ' +
    'our ours ourselves out over own per perhaps rather same several she should since so some such than that the ' +
    'their theirs them themselves then there these they this those though through thus to too toward under until ' +
    'up upon us very via was we were what whatever when where whether which while who whom whose why will with ' +
    'within without would yet you your yours yourself ' +
    'said says say saying told tell tells according reported report reports reporting added adding stated ' +
    'statement spokesman spokeswoman spokesperson official officials news new people time times year years ' +
    'day days week weeks month months today yesterday tomorrow tonight ago later earlier early late ' +
    'monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr reuter reuters ap afp upi ' +
    'http https www com html htm article articles story stories published updated posted edt est gmt pm ' +
    'two three four five six seven eight nine ten first second third get got go going went come came take took ' +
    'well back still including include includes several know known think thought want way use used using'
  ).split(' '),
);

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

export const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4],
  ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8],
  ['september', 9], ['sep', 9], ['sept', 9], ['october', 10], ['oct', 10], ['november', 11], ['nov', 11],
  ['december', 12], ['dec', 12],
]);
