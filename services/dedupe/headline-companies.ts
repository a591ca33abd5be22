import { canonicalTerm } from './country-names.ts';
import { isStopword, tokenise } from './text-normalise.ts';

/**
 * The company a wire headline leads with, as its words (`AMERICAN STORES CO 4TH QTR NET` → `american`,
 * `stores`): the headline's first words up to a legal form (Co, Corp, Inc, Ltd, Plc, AG…) or to an
 * exchange symbol (`SEARS <S> TO REDEEM` → `sears`). Templated copy (results, dividends, offerings)
 * names its company only there, often without a symbol and in capitals that mark no name: this is what
 * tells two companies' tables apart. A run that holds a preposition, an article or a verb of saying
 * ("UAW CONFIRMS TALKS AT GM <GM>") or a figure is a sentence, not a name; so is one longer than a company name runs.
 */
export function headlineCompany(title: string): string[] {
  const words = title.split('\n', 1)[0]!.replace(/</g, ' <').trim().split(/\s+/);
  const name: string[] = [];
  for (const word of words.slice(0, MAX_NAME_WORDS + 1)) {
    const bare = word.replace(/[.,;:]+$/, '');
    if (word.startsWith('<') || (LEGAL_FORMS.has(bare.toLowerCase()) && /^\p{Lu}/u.test(bare))) return name.length > 0 ? nameTerms(name) : [];
    if (/\d/.test(bare) || name.length === MAX_NAME_WORDS) return [];
    const tokens = tokenise(bare);
    if (tokens.some((token) => SENTENCE_WORDS.has(token))) return [];
    // "&" and dashes are no words of the name, and count against no limit.
    if (tokens.length > 0) name.push(bare);
  }
  return [];
}

function nameTerms(words: readonly string[]): string[] {
  return [...new Set(tokenise(words.join(' ')).filter((token) => !isStopword(token)).map(canonicalTerm))].sort();
}

const MAX_NAME_WORDS = 5;
/** Words that make a run a sentence ("UAW CONFIRMS TALKS AT GM"), where a name may hold "New", "Times", "of", "and". */
const SENTENCE_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'at', 'to', 'in', 'on', 'for', 'from', 'with', 'by', 'as', 'into', 'over', 'after', 'against', 'vs',
  'is', 'are', 'was', 'were', 'be', 'has', 'have', 'had', 'will', 'may', 'says', 'said', 'sees', 'not',
]);
const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'co', 'cos', 'corp', 'corporation', 'inc', 'incorporated', 'ltd', 'limited', 'plc', 'lp', 'llc', 'ag', 'sa', 'nv', 'bv',
  'spa', 'gmbh', 'bhd', 'pty', 'ab', 'asa', 'oyj', 'bancorp', 'associates',
]);
