import { francAll } from 'franc';
import { iso6393 } from 'iso-639-3';
import { stopwordsFor } from './stopwords.ts';

/** The language of a text as a BCP-47 primary tag, by franc's trigram profiles (187 languages). */
export interface LanguageGuess {
  code: string;
  confidence: number;
}

// franc names individual languages (ISO 639-3); news is tagged with the macrolanguage's two-letter code.
const MACROLANGUAGE_MEMBERS: Readonly<Record<string, string>> = {
  cmn: 'zh', yue: 'zh', arb: 'ar', pes: 'fa', prs: 'fa', zlm: 'ms', zsm: 'ms', nob: 'nb', ekk: 'et', lvs: 'lv', swh: 'sw',
  uzn: 'uz', azj: 'az', khk: 'mn', npi: 'ne', ory: 'or', plt: 'mg', gaz: 'om', ydd: 'yi', als: 'sq', knc: 'kr', quz: 'qu',
  ckb: 'ku', kmr: 'ku', pbu: 'ps', hms: 'hmn', ayr: 'ay', gug: 'gn', fuv: 'ff', ajp: 'ar', apc: 'ar', arz: 'ar', ary: 'ar',
};

let twoLetter: Map<string, string> | null = null;

function bcp47(code: string): string {
  twoLetter ??= new Map(iso6393.flatMap((row) => (row.iso6391 ? [[row.iso6393, row.iso6391] as const] : [])));
  return MACROLANGUAGE_MEMBERS[code] ?? twoLetter.get(code) ?? code;
}

// Letters that only some Cyrillic languages write: franc's trigrams confuse them on short copy.
const CYRILLIC_LETTERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[їєґ]/iu, 'ukr'],
  [/[ў]/iu, 'bel'],
  [/[ѓќѕ]/iu, 'mkd'],
  [/[ђћ]/iu, 'srp'],
  [/[ыэё]/iu, 'rus'],
  [/[і]/iu, 'ukr'],
];
// Serbian Cyrillic writes these; without any of them a "Serbian" guess is Russian or Ukrainian copy.
const SERBIAN_LETTERS = /[јљњђћџ]/iu;
// Regional languages whose trigram profiles sit close to a national one and win on short news copy
// (Scots over English, Venetian over Italian): wire services do not file in them.
const IGNORED = ['glg', 'ast', 'bcl', 'sco', 'vec', 'src', 'lad', 'nds', 'pam', 'ilo', 'hat', 'tpi', 'pcm', 'crs', 'jav', 'sun', 'koi', 'tuk'];
const CYRILLIC = /\p{Script=Cyrillic}/gu;
const LETTER = /\p{L}/gu;

function cyrillicHint(sample: string, letters: number): string | null {
  if ((sample.match(CYRILLIC) ?? []).length < letters / 2) return null;
  for (const [pattern, code] of CYRILLIC_LETTERS) if (pattern.test(sample)) return code;
  return null;
}

// English wire copy is dense in names and short: franc's trigrams then drift to Romance or Afrikaans
// profiles. Its commonest function words settle it when franc has English among its near candidates.
const ENGLISH_FUNCTION_WORDS = new Set(
  'the of and to in on a an for with was were that said is are by at would will had has have its it he she they we not from this be been who which but or'.split(' '),
);

function englishByFunctionWords(sample: string, ranked: ReadonlyArray<readonly [string, number]>): boolean {
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  const hits = words.filter((w) => ENGLISH_FUNCTION_WORDS.has(w)).length;
  if (hits < 3) return false;
  const share = hits / words.length;
  return share >= 0.18 || (share >= 0.1 && ranked.slice(0, 8).some(([code]) => code === 'eng'));
}

// On a sentence or two franc's trigrams cannot tell neighbouring languages apart ("O Presidente do Brasil …
// recebeu hoje em Brasília" scores Spanish 1, Portuguese 0.99). Among candidates that close, the function
// words only one of them writes (do, em, hoje against del, en, hoy) decide.
const CLOSE_CANDIDATE = 0.05;
const DISTINCT_WORDS_MIN = 2;

/** The close candidate that writes the most distinct function words no other close candidate writes; confidence: its share of them. */
function byDistinctFunctionWords(sample: string, ranked: ReadonlyArray<readonly [string, number]>): LanguageGuess | null {
  const close = ranked.filter(([, score]) => score >= 1 - CLOSE_CANDIDATE).map(([code]) => ({ code, stopwords: stopwordsFor(bcp47(code)) }));
  // A language without a stopword list would lose every comparison: only languages that all have one compete.
  if (close.length < 2 || close.some((c) => c.stopwords.size === 0)) return null;
  // Word types, not tokens: one abbreviation repeated down a results table ("min") is one piece of evidence.
  const words = [...new Set(sample.toLowerCase().match(/\p{L}+/gu) ?? [])];
  const distinct = close.map(({ code, stopwords }) => ({
    code,
    hits: words.filter((w) => stopwords.has(w) && close.every((other) => other.code === code || !other.stopwords.has(w))).length,
  }));
  const [leader, runnerUp] = [...distinct].sort((a, b) => b.hits - a.hits);
  if (!leader || leader.code === close[0]?.code || leader.hits < DISTINCT_WORDS_MIN || leader.hits === runnerUp?.hits) return null;
  const total = distinct.reduce((sum, c) => sum + c.hits, 0);
  return { code: bcp47(leader.code), confidence: round(leader.hits / total) };
}

export function detectLanguage(text: string): LanguageGuess {
  // franc compares trigram profiles of 187 languages: a thousand characters decide as well as more, at a third of the cost.
  const sample = text.slice(0, 1000);
  const letters = (sample.match(LETTER) ?? []).length;
  if (letters === 0) return { code: 'und', confidence: 0 };
  const ranked = francAll(sample, { minLength: 3, ignore: IGNORED });
  const [best, second] = ranked;
  if (!best || best[0] === 'und') return { code: 'und', confidence: 0 };
  const cyrillic = (sample.match(CYRILLIC) ?? []).length >= letters / 2;
  // Bosnian and Croatian wire copy is written in Latin letters; in Cyrillic the same words are Serbian.
  const serbian = cyrillic && (best[0] === 'bos' || best[0] === 'hrv') ? 'srp' : null;
  const hint = cyrillicHint(sample, letters) ?? serbian ?? (best[0] === 'srp' && !SERBIAN_LETTERS.test(sample) ? (second?.[0] ?? null) : null);
  if (hint && hint !== best[0]) {
    const hinted = ranked.find(([code]) => code === hint);
    return { code: bcp47(hint), confidence: round(hinted ? hinted[1] : 0.5) };
  }
  if (best[0] !== 'eng' && englishByFunctionWords(sample, ranked)) return { code: 'en', confidence: round(1 - best[1] + (ranked.find(([c]) => c === 'eng')?.[1] ?? 0)) / 2 };
  const distinct = byDistinctFunctionWords(sample, ranked);
  if (distinct) return distinct;
  // franc scores the best language 1 and the others relative to it: the margin is the confidence.
  return { code: bcp47(best[0]), confidence: round(second ? 1 - second[1] : 1) };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
