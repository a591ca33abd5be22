import type { Article } from '../contracts/types.generated.ts';
import { calendarMentions } from './calendar-mentions.ts';
import { containsUnspaced, identitiesInText, identitiesInUnspaced } from './unspaced-names.ts';
import { canonicalTerm } from './country-names.ts';
import { placeIdentity } from './place-identity.ts';
import { hash128Hex } from './hashing.ts';
import { headlineCompany } from './headline-companies.ts';
import { lshBandKeys, minhashSignature, shingleHashes } from './minhash.ts';
import { quantityFacts } from './quantities.ts';
import { foldText, isStopword, MONTHS, SENTENCE_BREAK, tokenise } from './text-normalise.ts';

/** What dedupe reads from an article: the router gets a full `Article`, the evaluation a reader's subset. */
export type DedupeArticle = Pick<
  Article,
  'headlines' | 'bodies' | 'provider' | 'providerItemId' | 'providerVersion' | 'versioncreated' | 'located'
> &
  Partial<Pick<Article, 'contentHash' | 'language'>>;

export interface ItemRef {
  providerId: string;
  providerItemId: string;
  providerVersion: number;
  /** the article's own content hash, when the article has one (the router's do; evaluation readers' do not) */
  contentHash?: string;
}

/** A plain JSON value, so the Redis adapter can store it as is. */
export interface Fingerprint {
  item: ItemRef;
  versionCreated: number;
  /** hash of the normalised headline and body: equal means the same words in the same order */
  exactHash: string;
  minhash: number[];
  shingleCount: number;
  lshBands: string[];
  titleTokens: string[];
  /** stemmed content-word counts (stopwords removed), keys sorted */
  terms: Record<string, number>;
  /** the terms of the headline and the first sentences, where news copy says who, what, where and when */
  leadTerms: string[];
  /** stemmed tokens of capitalised spans (who and where) → mentions, keys sorted */
  entities: Record<string, number>;
  /** how many: figures as written in the text (thousands separators dropped), without years, times and dates */
  numbers: string[];
  /** years mentioned in the text */
  years: number[];
  /** quantities as `noun=value` ("magnitude=5.6"); the optional fields are absent in fingerprints indexed before they existed */
  quantities?: string[];
  /** weekdays the lead names */
  weekdays?: string[];
  /** months the copy names, 1–12 */
  months?: number[];
  /** ISO date of the dateline or of the first full date in the lead: when */
  eventDate: string | null;
  /** dateline city, lower-cased, under its English name where the exonym table knows it (Genève, Женева → geneva): where */
  place: string | null;
  /** the article's language (BCP-47), when known; absent in fingerprints indexed before it existed */
  language?: string | null;
  /** the terms the candidate index posts this item under */
  salientTerms: string[];
  /** the words of the company the headline leads with (`headline-companies.ts`); absent when it names none, and in fingerprints indexed before it existed */
  headlineCompany?: string[];
}

/**
 * The fingerprint algorithm's version: the tokeniser, the hashes, the vectors. The index keeps the
 * entries of each version apart (see stored-index-layout.ts): a fingerprint is only ever compared
 * with fingerprints of its own version. 1: ASCII tokens only; 2: Unicode letters and digits,
 * bigrams for unspaced scripts; 3: countries as one identity whatever the word (Israel, Israeli, Израиль → `@il`);
 * 4: the people and bodies of the enricher's lexicon likewise (Lavrov, Лавровым → `@n:sergey-lavrov`), dateline
 * cities under their English names, the article's language; a name at the start of a hard-wrapped line
 * counts as a name; company symbols without their exchange suffix. Within 4, words of scripts without case
 * that carry an identity count as names (بلينكن → `@n:antony-blinken`), and the names with an identity
 * inside Chinese and Japanese runs as names and terms (布林肯): such copy had no names before, so its
 * entries filed earlier compare as they did, and no index had to start again.
 */
export const FINGERPRINT_VERSION = 4;

export const SALIENT_TERM_COUNT = 12;
const LEAD_CHARACTERS = 400;
const LEAD_SENTENCES = 3;

export function articleText(article: DedupeArticle): { title: string; body: string } {
  const headline = article.headlines.find((h) => h.role === 'main') ?? article.headlines[0];
  const body = article.bodies
    .map((b) => (b.contenttype.includes('html') ? stripTags(b.value) : b.value))
    .join('\n');
  return { title: headline?.value ?? '', body };
}

export function fingerprintArticle(article: DedupeArticle): Fingerprint {
  const { title, body } = articleText(article);
  const titleWords = tokenise(title);
  const bodyWords = tokenise(body);
  const allWords = [...titleWords, ...bodyWords];
  // Headline-only items (flashes) get no shingles: a headline is too short to call a near duplicate.
  const shingles = shingleHashes(bodyWords);
  const minhash = minhashSignature(shingles);
  const terms = contentTerms(allWords);
  // Character bigrams never spell a name of three characters or more (布林肯): the names found in the runs count as terms, as words do elsewhere.
  for (const identity of identitiesInText(`${title}\n${body}`)) terms.set(identity, (terms.get(identity) ?? 0) + 1);
  const entities = capitalisedEntityTokens(body);
  for (const [name, count] of headlineEntities(title)) entities.set(name, (entities.get(name) ?? 0) + count);
  for (const ticker of tickers(`${title}\n${body}`)) entities.set(ticker, (entities.get(ticker) ?? 0) + 1);
  const numbers = figures(`${title}\n${body}`);
  const company = headlineCompany(title);
  return {
    item: {
      providerId: article.provider.id,
      providerItemId: article.providerItemId,
      providerVersion: article.providerVersion,
      ...(article.contentHash === undefined ? {} : { contentHash: article.contentHash }),
    },
    versionCreated: article.versioncreated,
    exactHash: hash128Hex(`${titleWords.join(' ')}\n${bodyWords.join(' ')}`),
    minhash,
    shingleCount: shingles.size,
    lshBands: shingles.size > 0 ? lshBandKeys(minhash) : [],
    titleTokens: [...new Set(titleWords.filter((w) => !isStopword(w)).map(canonicalTerm))].sort(),
    terms: sortedRecord(terms),
    leadTerms: [...contentTerms(tokenise(lead(title, body))).keys()].sort(),
    entities: sortedRecord(entities),
    numbers: numbers.numbers,
    years: numbers.years,
    quantities: quantityFacts(`${title}\n${body}`),
    ...calendarMentions(title, body),
    eventDate: article.located?.date ?? leadDate(`${title}\n${body.slice(0, LEAD_CHARACTERS)}`),
    place: article.located?.city ? placeIdentity(article.located.city) : null,
    language: article.language ?? null,
    salientTerms: salientTerms(terms, new Set(entities.keys()), new Set(titleWords.map(canonicalTerm))),
    ...(company.length > 0 ? { headlineCompany: company } : {}),
  };
}

/** Whether a text names or uses a term anywhere: among its names, its content words or its headline's words. */
export function mentionsTerm(fp: Pick<Fingerprint, 'entities' | 'terms' | 'titleTokens'>, term: string): boolean {
  return term in fp.entities || term in fp.terms || fp.titleTokens.includes(term);
}

function contentTerms(words: readonly string[]): Map<string, number> {
  const terms = new Map<string, number>();
  for (const word of words) {
    if (word.length < 2 || isStopword(word) || /^\d/.test(word)) continue;
    const term = canonicalTerm(word);
    terms.set(term, (terms.get(term) ?? 0) + 1);
  }
  return terms;
}

/**
 * Tokens of capitalised spans in running text. A sentence-initial word counts only when the next
 * word is capitalised too ("Lindsay Lohan", not "Perennial party"); all-caps lines (wire headlines,
 * tables) carry no case information and are skipped. A line that wire copy wrapped mid-sentence
 * ("it has loaned\nPortugal 50 mln") runs on: its first word is not a sentence start.
 */
export function capitalisedEntityTokens(text: string): Map<string, number> {
  const entities = new Map<string, number>();
  const count = (entity: string) => entities.set(entity, (entities.get(entity) ?? 0) + 1);
  for (const sentence of unwrapLines(foldText(text)).split(SENTENCE_BREAK)) {
    // Only scripts with case (Latin, Greek, Cyrillic, Armenian...) mark names by it.
    const letters = sentence.replace(/[^\p{Lu}\p{Ll}]/gu, '');
    const upper = sentence.replace(/[^\p{Lu}]/gu, '');
    const cased = letters.length > 0 && upper.length / letters.length <= 0.6;
    const words = sentence.split(/[^\p{L}\p{M}\p{N}'-]+/u).filter((w) => w.length > 0);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      // In a script without case (Arabic, Hebrew…) nothing marks a name: only words with an identity
      // count, the lexicon's people and bodies and the countries (بلينكن → `@n:antony-blinken`).
      if (isCaseless(word)) {
        if (containsUnspaced(word)) for (const identity of identitiesInUnspaced(word)) count(identity);
        else {
          for (const token of tokenise(word)) {
            const identity = canonicalTerm(token);
            if (identity.startsWith('@')) count(identity);
          }
        }
        continue;
      }
      if (!cased || !isCapitalised(word)) continue;
      const sentenceInitial = i === 0 || /^["'`(]/.test(words[i - 1] ?? '');
      // "Record March 13", "Pay April 1": a table line, not a name.
      if (sentenceInitial && (!isCapitalised(words[i + 1] ?? '') || MONTHS.has((words[i + 1] ?? '').toLowerCase()))) continue;
      for (const token of tokenise(word)) {
        if (token.length <= 1 || isStopword(token) || MONTHS.has(token) || /^\d/.test(token)) continue;
        count(canonicalTerm(token));
      }
    }
  }
  return entities;
}

/** A word of letters none of which has case. */
function isCaseless(word: string): boolean {
  return !CASED_LETTER.test(word) && /\p{L}/u.test(word);
}

const CASED_LETTER = /[\p{Lu}\p{Ll}]/u;

/**
 * Joins the lines of hard-wrapped copy (fixed-width wire copy, no line longer than `WRAP_WIDTH`): a line
 * break is a wrap, not a sentence end, when the line before is long and stops mid-sentence (a
 * lower-case word or a comma) and the next line is not indented as a new paragraph. Copy with a
 * sentence a line (long lines) keeps its breaks, as do a short line (a title) and one ending in
 * punctuation or a name.
 */
export function unwrapLines(text: string): string {
  if (text.split('\n').some((line) => line.length > WRAP_WIDTH)) return text;
  return text.replace(/(?<=^[^\n]{40,}[\p{Ll},;])\n(?=\p{L})/gmu, ' ');
}

const WRAP_WIDTH = 80;

/**
 * A sentence-case headline names the story's main actors ("Blinken and Lavrov meet in Geneva"), often
 * more plainly than a short body (a correction's excerpt): its capitalised words count as names too.
 * All-caps headlines carry no case (skipped by the tokens' rule); Title Case marks every word, so a
 * headline without one lower-case word of four letters or more after its first word names nothing.
 */
function headlineEntities(title: string): Map<string, number> {
  const words = title.split(/[^\p{L}\p{M}\p{N}'-]+/u).slice(1).filter((word) => word.length >= 4);
  return words.some((word) => /^\p{Ll}/u.test(word)) ? capitalisedEntityTokens(title) : new Map<string, number>();
}

/**
 * Companies as wire copy marks them, whatever the headline's case: exchange symbols (`<MBC>`,
 * `(NYSE: MBC)`) and, for unlisted companies, the bracketed name (`<CINRAM LTD>`). A symbol's exchange
 * suffix (`<PARC.O>`, Nasdaq) names where it trades, not another company: `<PARC>` is the same one.
 */
function tickers(text: string): string[] {
  return [...text.matchAll(/<([A-Z][A-Z0-9.&' -]{0,40})>|\((?:NYSE|NASDAQ|AMEX|LSE|TSX)\s*:\s*([A-Z][A-Z0-9.]{0,7})\)/g)].map(
    (m) => `$${(m[1] ?? m[2]!).replace(/^([A-Z0-9]{1,6})\.[A-Z]$/, '$1').toLowerCase().replace(/\s+/g, ' ').trim()}`,
  );
}

function lead(title: string, body: string): string {
  const sentences = body.split(SENTENCE_BREAK).slice(0, LEAD_SENTENCES);
  return [title, ...sentences].join('\n');
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}\p{Ll}/u.test(word) || /^\p{Lu}{2,5}$/u.test(word);
}

/**
 * Figures and years as written. Clock times (10:53), slashed dates (11/28/05) and the day of a
 * written date (December 15, 2008) say when, not how many, and are skipped; "2,000" is a figure, not a year.
 */
export function figures(text: string): { numbers: string[]; years: number[] } {
  const folded = foldText(text);
  const numbers = new Set<string>();
  const years = new Set<number>();
  for (const m of folded.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const written = m[0];
    const start = m.index;
    const before = folded.slice(Math.max(0, start - 12), start);
    const after = folded.slice(start + written.length, start + written.length + 12);
    if (/\d\s*:\s*$/.test(before) || /^\s*:\s*\d/.test(after) || /[A-Za-z]$/.test(before) || /^[A-Za-z]{3,}/.test(after)) continue;
    if (/^(1[89]|20)\d\d$/.test(written)) {
      years.add(Number(written));
      continue;
    }
    if (/\/\s*$/.test(before) || /^\s*\/\s*\d/.test(after)) continue;
    if (MONTH_BEFORE.test(before) || MONTH_AFTER.test(after)) continue;
    const value = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(written) ? written.replace(/,/g, '') : written.replace(/,/g, '.');
    if (/^\d+(\.\d+)?$/.test(value) && value !== '0' && value !== '1') numbers.add(value);
  }
  return { numbers: [...numbers].sort(), years: [...years].sort((a, b) => a - b) };
}

const MONTH_NAMES = [...MONTHS.keys()].join('|');
const MONTH_BEFORE = new RegExp(`\\b(${MONTH_NAMES})\\.?\\s*$`, 'i');
const MONTH_AFTER = new RegExp(`^(st|nd|rd|th)?\\s*(of\\s+)?(${MONTH_NAMES})\\b`, 'i');

/** First "May 3, 2013" / "3 May 2013" in the lead, as YYYY-MM-DD. */
export function leadDate(text: string): string | null {
  const words = tokenise(text);
  for (let i = 0; i + 2 < words.length; i++) {
    const [a, b, c] = [words[i]!, words[i + 1]!, words[i + 2]!];
    const monthFirst = MONTHS.get(a);
    if (monthFirst !== undefined && /^\d{1,2}$/.test(b) && /^(19|20)\d\d$/.test(c)) return isoDate(c, monthFirst, b);
    const monthSecond = MONTHS.get(b);
    if (monthSecond !== undefined && /^\d{1,2}$/.test(a) && /^(19|20)\d\d$/.test(c)) return isoDate(c, monthSecond, a);
  }
  return null;
}

function isoDate(year: string, month: number, day: string): string | null {
  const d = Number(day);
  if (d < 1 || d > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Entities first, then title words, then the most frequent content words; ties broken alphabetically. */
function salientTerms(terms: ReadonlyMap<string, number>, entityStems: ReadonlySet<string>, title: ReadonlySet<string>): string[] {
  const weight = (term: string, count: number): number =>
    Math.log1p(count) * (entityStems.has(term) ? 3 : 1) * (title.has(term) ? 2 : 1);
  return [...terms.entries()]
    .filter(([term]) => term.length > 2)
    .map(([term, count]) => ({ term, w: weight(term, count) }))
    .sort((x, y) => y.w - x.w || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0))
    .slice(0, SALIENT_TERM_COUNT)
    .map((x) => x.term);
}

function sortedRecord(map: ReadonlyMap<string, number>): Record<string, number> {
  const record: Record<string, number> = {};
  for (const key of [...map.keys()].sort()) record[key] = map.get(key)!;
  return record;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
}
