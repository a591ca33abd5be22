import type { Dateline } from '../../contracts/types.generated.ts';
import { daysInMonth } from './date-time.ts';
import { parseWireDateline } from '../../shared/text/wire-dateline.ts';
import { foldWhitespace } from './text-normalise.ts';

export interface DatelineSplit {
  dateline: Dateline;
  /** The paragraph with the dateline removed. */
  rest: string;
}

const SEPARATOR = String.raw`(?:\s*(?:--|[–—])\s*|\s+[-_]\s+|\s+-(?=\S)|-\s+)`;
const UPPER_CITY = String.raw`\p{Lu}[\p{Lu}\p{M} .'’-]{0,38}?\p{Lu}\.?`;
const ANY_CITY = String.raw`\p{Lu}[\p{L}\p{M} .'’-]{0,38}?[\p{L}.]`;
const REGION = String.raw`\p{Lu}[\p{L}\p{M}.'’ -]{0,28}[\p{L}.]`;
const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?`;
const MONTH_DAY = String.raw`${MONTH}\s+\d{1,2}`;
const AGENCY = String.raw`\p{L}[\p{L}\p{N} &./-]{0,30}`;

/** The seed form: `date 2022-01-22 GENEVA – ...` */
const DATED_FORM = new RegExp(
  String.raw`^\s*date\s+(?<iso>\d{4}-\d{2}-\d{2})\s+(?<city>${ANY_CITY}|${UPPER_CITY})(?:,\s*(?<region>${REGION}))?(?:\s*\((?<agency>${AGENCY})\))?${SEPARATOR}`,
  'u',
);
/** Agency forms: `GENEVA (AP) — `, `LONDON, March 3 (Reuters) - `, `GROSSETO, Italy (AP) -- `, `Geneva (dpa) - `. */
const CREDITED_FORM = new RegExp(
  String.raw`^\s*(?<city>${ANY_CITY})(?:,\s*(?<region>(?!${MONTH_DAY})${REGION}))?(?:,?\s+(?<monthDay>${MONTH_DAY}))?\s*\((?<agency>${AGENCY})\)${SEPARATOR}`,
  'u',
);
/** Uncredited forms: `WASHINGTON -- `, `NEW YORK, Oct 19 - `, `PORTLAND, Ore., Feb 26 - `. */
const UNCREDITED_FORM = new RegExp(
  String.raw`^\s*(?<city>${UPPER_CITY})(?:,\s*(?<region>(?!${MONTH_DAY})${REGION}))?(?:,\s*(?<monthDay>${MONTH_DAY}))?${SEPARATOR}`,
  'u',
);

const NOT_A_CITY = new Set([
  'UPDATE', 'UPDATED', 'CORRECTION', 'CORRECTED', 'BREAKING', 'URGENT', 'FLASH', 'BULLETIN', 'KILL', 'WITHDRAWN',
  'ADVISORY', 'EDITORS', 'NOTE', 'EMBARGO', 'EMBARGOED', 'REFILE', 'REPEAT', 'WRITETHRU', 'ADVANCE', 'PHOTO', 'VIDEO',
]);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const US_STATES = new Set([
  'Ala.', 'Alaska', 'Ariz.', 'Ark.', 'Calif.', 'Colo.', 'Conn.', 'Del.', 'D.C.', 'Fla.', 'Ga.', 'Hawaii', 'Idaho',
  'Ill.', 'Ind.', 'Iowa', 'Kan.', 'Ky.', 'La.', 'Maine', 'Md.', 'Mass.', 'Mich.', 'Minn.', 'Miss.', 'Mo.', 'Mont.',
  'Neb.', 'Nev.', 'N.H.', 'N.J.', 'N.M.', 'N.Y.', 'N.C.', 'N.D.', 'Ohio', 'Okla.', 'Ore.', 'Pa.', 'R.I.', 'S.C.',
  'S.D.', 'Tenn.', 'Texas', 'Utah', 'Vt.', 'Va.', 'Wash.', 'W.Va.', 'Wis.', 'Wyo.',
]);

const LOWERCASE_PARTICLES = new Set([
  'de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'la', 'le', 'les', 'el', 'von', 'van', 'der', 'den', 'upon',
  'on', 'of', 'sur', 'en', 'am', 'im', 'an',
]);

/**
 * Finds a dateline at the start of the first paragraph. `referenceTime` (epoch ms) supplies the year
 * for `Month Day` datelines: the latest such date not more than a week after the reference.
 */
export function splitDateline(paragraph: string, referenceTime: number): DatelineSplit | null {
  const match = DATED_FORM.exec(paragraph) ?? CREDITED_FORM.exec(paragraph) ?? uncreditedMatch(paragraph);
  const groups = match?.groups;
  if (!match || !groups) return wireDateline(paragraph, referenceTime);
  const rawCity = foldWhitespace(groups.city ?? '');
  const rest = paragraph.slice(match[0].length).trim();
  if (rawCity === '' || rest === '') return null;
  const region = groups.region === undefined ? null : foldWhitespace(groups.region);
  const date = groups.iso !== undefined ? validIsoDate(groups.iso) : groups.monthDay !== undefined ? monthDayToIso(groups.monthDay, referenceTime) : null;
  return {
    dateline: {
      text: foldWhitespace(match[0].replace(new RegExp(`${SEPARATOR}$`, 'u'), '')),
      city: normaliseCity(rawCity),
      country: region === null ? null : US_STATES.has(region) ? 'United States' : region,
      date,
      source: groups.agency === undefined ? null : foldWhitespace(groups.agency),
    },
    rest,
  };
}

/** The other agencies' styles and languages (shared with enrichment): `PARIS, 14 mars (AFP) -`, `新华社北京3月5日电`. */
function wireDateline(paragraph: string, referenceTime: number): DatelineSplit | null {
  const parsed = parseWireDateline(paragraph, referenceTime);
  if (!parsed) return null;
  const rest = paragraph.slice(parsed.end).trim();
  if (rest === '') return null;
  return {
    dateline: {
      text: foldWhitespace(parsed.text),
      city: normaliseCity(parsed.city),
      country: parsed.region === null ? null : US_STATES.has(parsed.region) ? 'United States' : parsed.region,
      date: parsed.date,
      source: parsed.source,
    },
    rest,
  };
}

function uncreditedMatch(paragraph: string): RegExpExecArray | null {
  const match = UNCREDITED_FORM.exec(paragraph);
  const city = match?.groups?.city;
  if (!match || city === undefined) return null;
  const firstWord = city.split(/[\s,.]/)[0] ?? '';
  return NOT_A_CITY.has(firstWord) ? null : match;
}

/** A dateline printed on its own (NITF `<dateline>`, ninjs `located`), without the story text. */
export function parseDatelineText(text: string, referenceTime: number): Dateline | null {
  const folded = foldWhitespace(text).replace(/\s*(?:--|[–—_-])\s*$/u, '');
  if (folded === '') return null;
  const split = splitDateline(`${folded} — x`, referenceTime);
  if (split) return { ...split.dateline, text: folded };
  const [city = folded, ...others] = folded.split(/\s*,\s*/);
  const region = others.find((part) => !new RegExp(`^${MONTH_DAY}$`, 'u').test(part)) ?? null;
  return {
    text: folded,
    city: /\d/.test(city) ? null : normaliseCity(city),
    country: region === null ? null : US_STATES.has(region) ? 'United States' : region,
    date: null,
    source: null,
  };
}

/** `NEW YORK` → `New York`, `RIO DE JANEIRO` → `Rio de Janeiro`; names already in mixed case are kept. */
export function normaliseCity(raw: string): string {
  const city = foldWhitespace(raw);
  if (city !== city.toUpperCase()) return city;
  return city
    .toLowerCase()
    .split(' ')
    .map((word, index) => (index > 0 && LOWERCASE_PARTICLES.has(word) ? word : capitaliseWord(word)))
    .join(' ');
}

function capitaliseWord(word: string): string {
  return word
    .split('-')
    .map((part) => {
      const elided = /^(\p{L}{1,2})['’](\p{L}.*)$/u.exec(part);
      if (elided) return `${upperFirst(elided[1] ?? '')}${part.charAt((elided[1] ?? '').length)}${upperFirst(elided[2] ?? '')}`;
      return upperFirst(part);
    })
    .join('-');
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function validIsoDate(iso: string): string | null {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? iso : null;
}

function monthDayToIso(monthDay: string, referenceTime: number): string | null {
  const [monthText = '', dayText = ''] = monthDay.split(/\s+/);
  const month = MONTHS.indexOf(monthText.slice(0, 3).toLowerCase()) + 1;
  const day = Number(dayText);
  if (month === 0) return null;
  const reference = new Date(referenceTime);
  if (Number.isNaN(reference.getTime())) return null;
  let year = reference.getUTCFullYear();
  if (Date.UTC(year, month - 1, day) > referenceTime + 7 * 86_400_000) year -= 1;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
