import { datedNear, parseWireDateline, type WireDateline } from '../shared/text/wire-dateline.ts';
import { resolvePlace, type Gazetteer, type GeoPlace } from './gazetteer.ts';

/**
 * The dateline at the head of wire copy, in the agency forms: "GENEVA (AP) —", "LONDON, March 3 (Reuters) -",
 * "NEW YORK, Feb 26 -", "KYIV, Ukraine, Jan. 5 (AFP) --", and the "date 2022-01-22 GENEVA –" of some feeds;
 * the other languages' forms come from the shared wire grammar.
 */
export type ParsedDateline = WireDateline;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7,
  july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

const HEAD = /^\s*(?:date\s+(\d{4}-\d{2}-\d{2})\s+)?\**([^\n]{2,90}?)\s*(?:\(([^)\n]{1,40})\)\s*)?(?:—|–|-{1,2}|:)(?=\s)/u;
const CITY = /^[\p{Lu}][\p{Lu}\p{M} .'’-]*[\p{Lu}.]$|^\p{Lu}$/u;
const MONTH_DAY = /^(\p{L}+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$/u;
const DAY_MONTH = /^(\d{1,2})\s+(\p{L}+)\.?(?:\s+(\d{4}))?$/u;

/** A month and day, dated in the year that puts it nearest before (or just after) the reference time. */
export const resolveMonthDay = datedNear;

/** A month name, its abbreviation, or a one-letter slip of either ("Narch", "Mach"). */
function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  const exact = MONTHS[w];
  if (exact) return exact;
  if (w.length < 3) return undefined;
  const prefix = Object.entries(MONTHS).find(([name]) => name.length > 3 && name.startsWith(w));
  if (prefix) return prefix[1];
  if (w.length < 4) return undefined;
  const near = Object.entries(MONTHS).filter(([name]) => name.length > 3 && editDistanceAtMostOne(name, w));
  return near.length === 1 ? near[0]?.[1] : undefined;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function parseDatePart(part: string, referenceMs: number | null): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(part);
  if (iso) return resolveMonthDay(Number(iso[2]), Number(iso[3]), Number(iso[1]), null);
  const md = MONTH_DAY.exec(part);
  const mdMonth = md?.[1] ? monthNumber(md[1]) : undefined;
  if (md && mdMonth) return resolveMonthDay(mdMonth, Number(md[2]), md[3] ? Number(md[3]) : null, referenceMs);
  const dm = DAY_MONTH.exec(part);
  const dmMonth = dm?.[2] ? monthNumber(dm[2]) : undefined;
  if (dm && dmMonth) return resolveMonthDay(dmMonth, Number(dm[1]), dm[3] ? Number(dm[3]) : null, referenceMs);
  return null;
}

const isDatePart = (part: string): boolean => parseDatePart(part, Date.UTC(2000, 0, 1)) !== null;

export function parseDateline(text: string, referenceMs: number | null): ParsedDateline | null {
  return englishDateline(text, referenceMs) ?? parseWireDateline(text, referenceMs);
}

function englishDateline(text: string, referenceMs: number | null): ParsedDateline | null {
  const match = HEAD.exec(text.slice(0, 400));
  if (!match) return null;
  const [whole, isoDate, head = '', source] = match;
  // "RICHMOND, Va. Feb 26": a region and the date with no comma between them.
  const parts = head
    .split(',')
    .map((p) => p.trim())
    .flatMap((p, i) => {
      const joined = i > 0 ? /^(\p{Lu}[\p{L}.]*\.)\s+(\p{L}+\.?\s+\d{1,2})$/u.exec(p) : /^([\p{Lu} .'’-]+?)\s+(\p{L}+\.?\s+\d{1,2})$/u.exec(p);
      return joined?.[1] && joined[2] ? [joined[1], joined[2]] : [p];
    });
  const city = parts[0] ?? '';
  const hasDate = parts.slice(1).some(isDatePart);
  // Wire datelines print the city in capitals; a title-case one needs an agency credit or a date after it.
  const cityOk = CITY.test(city) || ((source !== undefined || hasDate) && /^\p{Lu}[\p{L} .'’-]+$/u.test(city));
  if (!cityOk || city.split(/\s+/).length > 4 || parts.length > 4) return null;
  let date = isoDate ? parseDatePart(isoDate, null) : null;
  const regions: string[] = [];
  for (const part of parts.slice(1)) {
    if (isDatePart(part)) date ??= parseDatePart(part, referenceMs);
    else if (/^(?:the )?\p{Lu}[\p{L}. ]{1,30}$/u.test(part)) regions.push(part.replace(/^the /, ''));
    else return null;
  }
  const start = whole.length - whole.trimStart().length;
  // The feed's "date 2022-01-22" marker is not part of the printed dateline.
  const printed = whole.trim().replace(/^date\s+\d{4}-\d{2}-\d{2}\s+/, '').replace(/\s*(?:—|–|-{1,2}|:)$/u, '');
  return { text: printed, start, end: start + whole.trim().length, city, region: regions[0] ?? null, date, source: source?.trim() ?? null };
}

const US_STATE_ABBREVIATIONS = /^(Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|N\.[HJMYCD]|Okla|Ore|Pa|R\.I|S\.[CD]|Tenn|Tex|Va|Vt|Wash|W\.Va|Wis|Wyo|D\.C|Penn)\.?$/i;

/** The dateline's place: the region or country printed after the city narrows the choice. */
export function geocodeDateline(dateline: ParsedDateline, gazetteer: Gazetteer, contextCountries: ReadonlySet<string>): GeoPlace | null {
  const cityName = dateline.city.toLowerCase().replace(/(^|[\s'’-])\p{L}/gu, (s) => s.toUpperCase());
  let narrowed = contextCountries;
  if (dateline.region) {
    if (US_STATE_ABBREVIATIONS.test(dateline.region)) narrowed = new Set(['US']);
    else {
      const region = gazetteer.candidates(dateline.region)[0];
      if (region) narrowed = new Set([region.countryCode]);
    }
    const inRegion = gazetteer.candidates(cityName).find((c) => c.kind === 'city' && narrowed.has(c.countryCode));
    if (inRegion) return inRegion;
  }
  const city = resolvePlace(gazetteer, cityName, narrowed);
  if (city || !dateline.region) return city;
  // A town too small for the gazetteer: the region or country printed after it still places the story.
  if (US_STATE_ABBREVIATIONS.test(dateline.region)) return gazetteer.country('US') ?? null;
  return gazetteer.candidates(dateline.region)[0] ?? null;
}
