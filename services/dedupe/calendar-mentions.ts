import { MONTHS, SENTENCE_BREAK, tokenise } from './text-normalise.ts';

/**
 * When, as copy says it without a full date: the weekdays its lead names ("on Sunday": the day of
 * the event, in wire style) and the months it names anywhere. Two events of one kind rarely fall on
 * the same weekday and month; reports of one event agree on them.
 */
export interface CalendarMentions {
  weekdays: string[];
  months: number[];
}

const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
/** the headline and the first sentences: later ones tell what came before and after */
const LEAD_SENTENCES = 6;

export function calendarMentions(title: string, body: string): CalendarMentions {
  const lead = [title, ...body.split(SENTENCE_BREAK)].filter((s) => s.trim().length > 0).slice(0, LEAD_SENTENCES);
  const weekdays = new Set(tokenise(lead.join('\n')).filter((w) => WEEKDAYS.has(w)));
  const words = tokenise(`${title}\n${body}`);
  const months = new Set<number>();
  words.forEach((word, i) => {
    const month = MONTHS.get(word);
    // "may" is a month only beside a day number
    if (month !== undefined && (word !== 'may' || isDay(words[i + 1]) || isDay(words[i - 1]))) months.add(month);
  });
  return { weekdays: [...weekdays].sort(), months: [...months].sort((a, b) => a - b) };
}

/** 1 when the leads name a common weekday, 0 when they name only different ones; null when one names none. */
export function weekdayAgreement(a: readonly string[], b: readonly string[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  return a.some((day) => b.includes(day)) ? 1 : 0;
}

function isDay(word: string | undefined): boolean {
  return word !== undefined && /^\d{1,2}$/.test(word);
}
