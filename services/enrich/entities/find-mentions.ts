import type { TextSpan } from '../segmentation.ts';
import { normalizeToken, tokenize, type Token } from '../tokenize.ts';
import { foldName } from './fuzzy.ts';
import { KNOWN_ENTITIES, type KnownEntityType } from './known-entities.ts';
import { lexiconMatches, mayBeginName, startsUpper, type NameLexicon } from './name-lexicon.ts';
import { personNameMatch } from './person-names.ts';
import type { NerModel } from './ner-model.ts';
import { documentStats } from './features.ts';
import { spansFromBio } from './bio-spans.ts';
import { tagDocument } from './tagger.ts';

export type MentionType = KnownEntityType | 'place' | 'misc';

export interface RawMention {
  type: MentionType;
  text: string;
  start: number;
  end: number;
  /** title words printed just before a person's name, e.g. "President" */
  title: string | null;
  /** set when the curated list named it */
  known: string | null;
}

const TAG_TYPES: Readonly<Record<string, MentionType>> = { PER: 'person', ORG: 'organisation', LOC: 'place', MISC: 'misc' };
const TITLE_WORDS = new Set(
  'President Vice Prime Minister Foreign Secretary of State Chancellor Senator Sen. Gov. Governor Mr. Mrs. Ms. Dr. King Queen Prince Princess General Gen. Pope Premier Defense Defence Finance Interior Ambassador Envoy Spokesman Spokeswoman Chief Leader Mayor Judge Justice Rep. Representative Speaker Col. Lt. Sgt. Capt. Adm.'.split(' '),
);

// Titles and honorifics of other languages' copy: "Bundeskanzler Olaf Scholz", "le président Macron", "президент Путин".
const FOREIGN_TITLE_WORDS = new Set(
  'président présidente ministre premier Premier M. Mme chancelier chancelière Präsident Präsidentin Bundeskanzler Bundeskanzlerin Kanzler Kanzlerin Minister Ministerin Außenminister Außenministerin Ministerpräsident Herr Frau Dr. presidente ministro ministra canciller señor señora Sr. Sra. don doña primer primo sig. premier minister-president burgemeester президент премьер-министр министр глава председатель господин премьер-міністр міністр голова пан пані πρόεδρος πρωθυπουργός υπουργός κ.'.split(' '),
);

interface KnownForm {
  tokens: string[];
  type: KnownEntityType;
  name: string;
  /** an acronym ("UN", "ЕС") matches only as printed: "Un séisme" is not the United Nations */
  printed: string | null;
}
const ACRONYM = /^\p{Lu}{2,}$/u;
const KNOWN_FORMS: KnownForm[] = KNOWN_ENTITIES.flatMap((entity) =>
  [entity.name, ...entity.aliases].map((form) => ({ tokens: tokenize(form).map((t) => foldName(normalizeToken(t.text))), type: entity.type, name: entity.name, printed: ACRONYM.test(form) ? form : null })),
).sort((a, b) => b.tokens.length - a.tokens.length);
const KNOWN_BY_FIRST = new Map<string, KnownForm[]>();
for (const form of KNOWN_FORMS) {
  const first = form.tokens[0];
  if (first) KNOWN_BY_FIRST.set(first, [...(KNOWN_BY_FIRST.get(first) ?? []), form]);
}

function titleBefore(tokens: readonly Token[], index: number): string | null {
  let k = index;
  while (k > 0 && (TITLE_WORDS.has(tokens[k - 1]?.text ?? '') || FOREIGN_TITLE_WORDS.has(tokens[k - 1]?.text ?? '')) && index - k < 4) k -= 1;
  while (k < index && tokens[k]?.text === 'of') k += 1;
  return k < index ? tokens.slice(k, index).map((t) => t.text).join(' ') : null;
}

// Words that introduce the title of a document, report or campaign: what follows in title case is one title.
const TITLE_CUES = new Set(['entitled', 'titled', 'headlined']);
// Lower-case words and marks that title case leaves between capitalised words.
const TITLE_JOINERS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with', "'s", '’s', ':', '-', '–', '—', ',']);
const OPENING_QUOTES = new Set(['“', '"', '‘']);
const CLOSING_QUOTES = new Set(['”', '"', '’']);
// Adjectives that name a part of a place, not a place, when they stand alone ("Central and Eastern Europe").
const POSITIONAL_ADJECTIVES = new Set(['central', 'eastern', 'western', 'northern', 'southern', 'northeastern', 'northwestern', 'southeastern', 'southwestern', 'north-eastern', 'north-western', 'south-eastern', 'south-western', 'middle', 'upper', 'lower', 'inner', 'outer', 'greater']);
// "Minister of Truth", "Secretary of Commerce": after these and "of", a word the gazetteer does not know is a portfolio.
const PORTFOLIO_HEADS = new Set(['Minister', 'Ministry', 'Secretary', 'Department', 'Office', 'Commissioner', 'Bureau', 'Director']);
const PERSON_PORTFOLIO_HEADS = new Set(['Minister', 'Secretary']);

// A date after a title ("entitled Fixing Energy on Monday") is not part of it.
const DATE_WORDS = new Set('Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.'.split(' '));

const isCapitalised = (word: string): boolean => startsUpper(word);
const LOWER_INITIAL = /^\p{Ll}/u;

/** End (exclusive) of a title-case run from `start`: capitalised words and the joiners between them. */
function titleRunEnd(tokens: readonly Token[], start: number): { end: number; capitalised: number } {
  let end = start;
  let capitalised = 0;
  for (let k = start; k < tokens.length; k += 1) {
    const word = tokens[k]?.text ?? '';
    if (DATE_WORDS.has(word)) break;
    if (isCapitalised(word)) {
      capitalised += 1;
      end = k + 1;
    } else if (!TITLE_JOINERS.has(word.toLowerCase())) break;
  }
  return { end, capitalised };
}

/**
 * Titles of documents, reports and campaigns (`entitled Taking Action to Expose ...`, or a quotation all
 * in title case): token ranges whose capitalised words are not names of their own.
 */
export function titleSpans(tokens: readonly Token[]): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const word = tokens[i]?.text ?? '';
    if (TITLE_CUES.has(word.toLowerCase())) {
      const start = OPENING_QUOTES.has(tokens[i + 1]?.text ?? '') ? i + 2 : i + 1;
      const run = titleRunEnd(tokens, start);
      if (isCapitalised(tokens[start]?.text ?? '') && run.capitalised >= 2) {
        spans.push([start, run.end]);
        i = run.end - 1;
      }
    } else if (OPENING_QUOTES.has(word)) {
      const run = titleRunEnd(tokens, i + 1);
      // Only a quotation that is title case from end to end: a quoted sentence has lower-case words.
      if (run.capitalised >= 3 && isCapitalised(tokens[i + 1]?.text ?? '') && CLOSING_QUOTES.has(tokens[run.end]?.text ?? '')) {
        spans.push([i + 1, run.end]);
        i = run.end;
      }
    }
  }
  return spans;
}

/**
 * Tagger guesses that are common words rather than names: a capitalised word at the start of a sentence
 * that the article also prints in lower case; a positional adjective standing alone; a
 * "Minister of X" portfolio the gazetteer does not know as a place; a person or organisation inside a title.
 */
function isNoise(span: { type: MentionType; start: number; end: number }, tokens: readonly Token[], titles: ReadonlyArray<readonly [number, number]>, lowerForms: ReadonlySet<string>, lexicon: NameLexicon): boolean {
  const single = span.end - span.start === 1;
  const word = tokens[span.start]?.text ?? '';
  const lower = word.toLowerCase();
  const sentenceInitial = span.start === 0 || (span.start === 1 && OPENING_QUOTES.has(tokens[0]?.text ?? ''));
  if (single && sentenceInitial && lowerForms.has(lower)) return true;
  let k = span.start;
  while (k < span.end && POSITIONAL_ADJECTIVES.has((tokens[k]?.text ?? '').toLowerCase())) k += 1;
  if (k === span.end) return true;
  const head = tokens[span.start - 1]?.text === 'of' ? (tokens[span.start - 2]?.text ?? '') : '';
  const inTitle = titles.some(([from, to]) => span.start < to && from < span.end);
  if (span.type === 'place') {
    const inLexicon = lexicon.byFirstToken.get(lower)?.some((entry) => entry.tokens.length === 1) ?? false;
    if (single && !inLexicon && PORTFOLIO_HEADS.has(head)) return true;
    // In a title only the gazetteer's places stay places ("… to Expose and Interrupt Russia's … in Ukraine").
    return inTitle && !isLexiconPlace(tokens.slice(span.start, span.end), lexicon);
  }
  // "Minister of Finance": the tagger may call the portfolio an organisation; an acronym after "of" is one.
  if (span.type === 'organisation' && single && PERSON_PORTFOLIO_HEADS.has(head) && word !== word.toUpperCase()) return true;
  return inTitle;
}

/** The tokens are one gazetteer place, from the first to the last. */
function isLexiconPlace(tokens: readonly Token[], lexicon: NameLexicon): boolean {
  const matches = lexiconMatches(tokens.map((t) => t.text), lexicon);
  return matches[0]?.endsWith(':B') === true && matches.slice(1).every((m) => m?.endsWith(':I') === true);
}

// Institutions that house style capitalises in every language ("el Gobierno", "o Governo", "la Polizia",
// "влада"): alone they name no particular body; followed by a place ("Governo de Cabo Verde", "Governo da
// Madeira") they are that place's, and the place is the entity, as "US" tagged as an organisation already is.
const INSTITUTION_NOUNS = new Set(
  'government police gouvernement regierung polizei gobierno policía ejecutivo governo polizia polícia executivo правительство полиция власти уряд поліція влада κυβέρνηση αστυνομία'.split(' '),
);
// "Governo de Cabo Verde", "presidente del Consiglio Giorgia Meloni": the words between a head and a name.
const CONNECTORS = new Set('of the de del la da do das dos di della dello dei degli du des von der'.split(' '));

/**
 * A span that opens with an institution noun: null when it is the noun alone, the place after the noun
 * and its connectors when the rest is a lexicon place, else the span unchanged.
 */
function institutionOf(tokens: readonly Token[], start: number, end: number, lexicon: NameLexicon): { start: number; end: number; type: 'place' | null } | null {
  if (!INSTITUTION_NOUNS.has((tokens[start]?.text ?? '').toLowerCase())) return { start, end, type: null };
  if (end - start === 1) return null;
  let k = start + 1;
  while (k < end && CONNECTORS.has(tokens[k]?.text ?? '')) k += 1;
  const rest = lexiconMatches(tokens.slice(k, end).map((t) => t.text), lexicon);
  const onePlace = k > start + 1 && k < end && rest[0]?.endsWith(':B') === true && rest.slice(1).every((m) => m?.endsWith(':I') === true);
  return onePlace ? { start: k, end, type: 'place' } : { start, end, type: null };
}

/**
 * "il presidente del Consiglio Giorgia Meloni": after a title and a connector, the capitalised words up to a
 * first name belong to the title (the body the office heads) and the person starts at the first name.
 */
function personAfterTitleBody(tokens: readonly Token[], start: number, end: number, lexicon: NameLexicon): number | null {
  if (end - start < 3 || !CONNECTORS.has(tokens[start - 1]?.text ?? '')) return null;
  const title = tokens[start - 2]?.text ?? '';
  if (!TITLE_WORDS.has(title) && !FOREIGN_TITLE_WORDS.has(title)) return null;
  for (let k = start + 1; k < end - 1; k += 1) {
    const word = tokens[k]?.text ?? '';
    const kind = personNameMatch(word, word.toLowerCase(), lexicon.personNames);
    if (kind === 'first' || kind === 'first+last') return k;
  }
  return null;
}

/** BIO tags from the gazetteer alone (its names as places): for languages without a trained tagger. */
function gazetteerTags(words: ReadonlyArray<readonly string[]>, lexicon: NameLexicon): string[][] {
  return words.map((sentence) => lexiconMatches(sentence, lexicon).map((m) => (m === null ? 'O' : m.endsWith(':B') ? 'B-LOC' : 'I-LOC')));
}

/**
 * Tagger spans, overridden where a curated name matches (longer and more reliable than the tagger's guess).
 * Without a model (a language no tagger was trained for) only curated names and gazetteer places are found.
 */
export function findMentions(text: string, sentenceSpans: readonly TextSpan[], model: NerModel | null, lexicon: NameLexicon): RawMention[] {
  const sentences = sentenceSpans.map((s) => tokenize(text.slice(s.start, s.end), s.start));
  const words = sentences.map((tokens) => tokens.map((t) => normalizeToken(t.text)));
  const doc = documentStats(words);
  const tagged = model ? tagDocument(model, words, lexicon, doc) : gazetteerTags(words, lexicon);
  const mentions: RawMention[] = [];
  sentences.forEach((tokens, s) => {
    const titles = titleSpans(tokens);
    const taken = new Array<boolean>(tokens.length).fill(false);
    const folded = (words[s] ?? []).map(foldName);
    const sentenceMentions: Array<RawMention & { from: number }> = [];
    for (let i = 0; i < tokens.length; i += 1) {
      if (!mayBeginName(tokens[i]?.text ?? '')) continue;
      const form = KNOWN_BY_FIRST.get(folded[i] ?? '')?.find((f) => (f.printed === null || f.printed === tokens[i]?.text) && f.tokens.every((t, k) => folded[i + k] === t));
      if (!form) continue;
      const last = tokens[i + form.tokens.length - 1];
      const first = tokens[i];
      if (!first || !last) continue;
      sentenceMentions.push({ type: form.type, text: text.slice(first.start, last.end), start: first.start, end: last.end, title: form.type === 'person' ? titleBefore(tokens, i) : null, known: form.name, from: i });
      for (let k = i; k < i + form.tokens.length; k += 1) taken[k] = true;
      i += form.tokens.length - 1;
    }
    for (const span of spansFromBio(tagged[s] ?? [])) {
      let { start, end } = span;
      // "the" is never part of a name here, nor a lower-case word at its end ("the West of plotting").
      while (start < end && /^(the|The)$/.test(tokens[start]?.text ?? '')) start += 1;
      while (end > start && LOWER_INITIAL.test(tokens[end - 1]?.text ?? '')) end -= 1;
      if (start >= end) continue;
      let type = TAG_TYPES[span.type];
      const institution = institutionOf(tokens, start, end, lexicon);
      if (!institution) continue;
      ({ start, end } = institution);
      if (institution.type) type = institution.type;
      const person = personAfterTitleBody(tokens, start, end, lexicon);
      if (person !== null) {
        start = person;
        type = 'person';
      }
      let overlaps = false;
      for (let k = start; k < end && !overlaps; k += 1) overlaps = taken[k] === true;
      if (overlaps) continue;
      const first = tokens[start];
      const last = tokens[end - 1];
      if (!first || !last || !type || isNoise({ type, start, end }, tokens, titles, doc.lowerForms, lexicon)) continue;
      sentenceMentions.push({ type, text: text.slice(first.start, last.end), start: first.start, end: last.end, title: type === 'person' ? titleBefore(tokens, start) : null, known: null, from: start });
    }
    sentenceMentions.sort((a, b) => a.start - b.start);
    for (const { from: _from, ...mention } of sentenceMentions) mentions.push(mention);
  });
  return [...mentions, ...propagateSurnames(sentences, mentions)].sort((a, b) => a.start - b.start);
}

/**
 * A surname of a person the article names in full counts wherever it stands alone and untagged
 * ("spoke to Putin by telephone"): one name, one reading per document.
 */
function propagateSurnames(sentences: ReadonlyArray<readonly Token[]>, mentions: readonly RawMention[]): RawMention[] {
  const surnames = new Set<string>();
  for (const m of mentions) {
    const parts = m.text.split(/\s+/);
    const last = parts[parts.length - 1];
    if (m.type === 'person' && parts.length >= 2 && last && /^\p{Lu}\p{Ll}{2,}$/u.test(last)) surnames.add(last);
  }
  const covered = (token: Token): boolean => mentions.some((m) => m.start <= token.start && token.end <= m.end);
  const added: RawMention[] = [];
  for (const tokens of sentences) {
    tokens.forEach((token, i) => {
      if (!surnames.has(token.text) || covered(token)) return;
      const next = tokens[i + 1]?.text ?? '';
      if (/^\p{Lu}/u.test(next)) return;
      added.push({ type: 'person', text: token.text, start: token.start, end: token.end, title: titleBefore(tokens, i), known: null });
    });
  }
  return added;
}
