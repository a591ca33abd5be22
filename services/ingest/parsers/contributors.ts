import { foldWhitespace } from './text-normalise.ts';

const CONTRIBUTED_TO = /\bcontribut(?:ed|ing)\s+(?:to\s+(?:this|the)\s+(?:report|story|article)|reporting)\b[^"“”]{0,80}$/iu;
const PEOPLE_IN_PLACES_CONTRIBUTED = /\bin\s+\p{Lu}[^"“”]*\bcontributed\s*[.)]*$/u;
const STAFF_CONTRIBUTED = /\b(?:writers?|reporters?|correspondents?|staff)\b[^"“”]*\bcontributed\s*[.)]*$/iu;
const CREDIT_LINE = /^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research|graphics?)\s+by\b/iu;
const MAX_CONTRIBUTOR_LINE = 400;

/**
 * A closing credits paragraph: "X in Y contributed (to this report).", AP's "Associated Press
 * writer X contributed.", Reuters' "(Reporting by X; Editing by Y)". Short, and ends or starts
 * with the credit wording, so a quote that happens to contain "contributed" stays in the body.
 */
export function isContributorsLine(paragraph: string): boolean {
  const text = foldWhitespace(paragraph);
  if (text.length === 0 || text.length > MAX_CONTRIBUTOR_LINE) return false;
  if (CREDIT_LINE.test(text)) return true;
  return CONTRIBUTED_TO.test(text) || PEOPLE_IN_PLACES_CONTRIBUTED.test(text) || STAFF_CONTRIBUTED.test(text);
}

/** Moves the trailing run of credit paragraphs out of the body. */
export function splitContributors(paragraphs: readonly string[]): { body: string[]; contributors: string[] } {
  let end = paragraphs.length;
  while (end > 1 && isContributorsLine(paragraphs[end - 1] ?? '')) end -= 1;
  return { body: paragraphs.slice(0, end), contributors: paragraphs.slice(end).map(foldWhitespace) };
}
