/**
 * Datelines of the world's wire services, shared by ingest and enrichment: pure, and linear-time because
 * every pattern runs on a bounded head of the text (HEAD_LIMIT characters), never on the whole story.
 *
 *   PARIS, 14 mars (AFP) - …          LIMA, 9 jun (EFE).- …             BERLIN, 5. März (dpa) - …
 *   ROMA, 3 giu (ANSA) - …            LISBOA, 12 mai (Lusa) - …         AMSTERDAM (ANP) - …
 *   МОСКВА, 4 сентября (РИА Новости) — …   МОСКВА, 4 сентября. /ТАСС/. …   КИЇВ, 4 вересня (Укрінформ) — …
 *   ΑΘΗΝΑ, 12 Μαΐου (ΑΠΕ-ΜΠΕ) - …      القاهرة، 5 مارس (أ ش أ) - …        新华社北京3月5日电 …
 */
export interface WireDateline {
  /** as printed, without the separator */
  text: string;
  /** offset of the dateline's first character */
  start: number;
  /** where the story proper begins, after the separator and spaces */
  end: number;
  /** as printed, e.g. PARIS, МОСКВА, 北京 */
  city: string;
  /** region or country printed after the city, e.g. "Brasil" */
  region: string | null;
  /** ISO 8601 calendar date; the year from the reference time when the dateline omits it */
  date: string | null;
  /** agency credit, e.g. AFP, EFE, РИА Новости, 新华社 */
  source: string | null;
}

export const HEAD_LIMIT = 240;

const MONTH_NAMES: ReadonlyArray<readonly [number, string]> = [
  [1, 'january jan janvier janv januar jänner jaenner enero ene gennaio gen janeiro januari января январь січня січень ιανουαριου ιανουαριος ιαν يناير كانون الثاني'],
  [2, 'february feb février fevrier févr fevr februar febrero febbraio fevereiro fev februari февраля февраль лютого лютий φεβρουαριου φεβ فبراير شباط'],
  [3, 'march mar mars märz maerz marz marzo março marco maart марта март березня березень μαρτιου μαρ مارس آذار'],
  [4, 'april apr avril avr abril abr aprile апреля апрель квітня квітень απριλιου απρ أبريل ابريل نيسان'],
  [5, 'may mai mayo maggio mag maio mei мая май травня травень μαιου μαι مايو أيار'],
  [6, 'june jun juin juni junio giugno giu junho июня июнь червня червень ιουνιου ιουν يونيو حزيران'],
  [7, 'july jul juillet juil juli julio luglio lug julho июля июль липня липень ιουλιου ιουλ يوليو تموز'],
  [8, 'august aug août aout agosto ago augustus августа август серпня серпень αυγουστου αυγ أغسطس اغسطس آب'],
  [9, 'september sep sept septembre septiembre setiembre settembre set setembro сентября сентябрь вересня вересень σεπτεμβριου σεπ سبتمبر أيلول'],
  [10, 'october oct octobre oktober okt octubre ottobre ott outubro out oktober октября октябрь жовтня жовтень οκτωβριου οκτ أكتوبر اكتوبر تشرين الأول'],
  [11, 'november nov novembre noviembre novembro ноября ноябрь листопада листопад νοεμβριου νοε نوفمبر تشرين الثاني'],
  [12, 'december dec décembre decembre déc dezember dez diciembre dic dicembre dezembro декабря декабрь грудня грудень δεκεμβριου δεκ ديسمبر كانون الأول'],
];

/** Lower case, diacritics dropped, final period dropped: "Févr." → "fevr", "Μαΐου" → "μαιου". */
function monthKey(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.$/, '');
}

const MONTHS = new Map<string, number>();
for (const [month, names] of MONTH_NAMES) for (const name of names.split(' ')) MONTHS.set(monthKey(name), month);

export function monthNumber(word: string): number | undefined {
  return MONTHS.get(monthKey(word));
}

const pad = (n: number): string => String(n).padStart(2, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A month and day, in the year that puts it nearest before (or just after) the reference time. */
export function datedNear(month: number, day: number, year: number | null, referenceMs: number | null): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let y = year;
  if (y === null) {
    if (referenceMs === null || !Number.isFinite(referenceMs)) return null;
    y = new Date(referenceMs).getUTCFullYear();
    // A dateline is at most a few weeks ahead of the item's own time ("Dec 31" copy filed on Jan 2).
    if (Date.UTC(y, month - 1, day) - referenceMs > 45 * 86_400_000) y -= 1;
    else if (referenceMs - Date.UTC(y, month - 1, day) > 320 * 86_400_000) y += 1;
  }
  if (day > daysIn(y, month)) return null;
  return `${String(y).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

const DAY_MONTH = /^(\d{1,2})\.?\s*(?:de\s+)?([\p{L}\p{M}]+\.?)(?:\s+(?:de\s+)?(\d{4}))?$/u;
const MONTH_DAY = /^([\p{L}\p{M}]+\.?)\s+(\d{1,2})(?:,?\s+(\d{4}))?$/u;

/** "14 mars", "5. März", "9 de junio de 2023", "4 сентября", "March 3", "Feb. 26, 2021" → ISO date. */
export function parseDayMonth(part: string, referenceMs: number | null): string | null {
  const dm = DAY_MONTH.exec(part.trim());
  const dmMonth = dm?.[2] ? monthNumber(dm[2]) : undefined;
  if (dm && dmMonth) return datedNear(dmMonth, Number(dm[1]), dm[3] ? Number(dm[3]) : null, referenceMs);
  const md = MONTH_DAY.exec(part.trim());
  const mdMonth = md?.[1] ? monthNumber(md[1]) : undefined;
  if (md && mdMonth) return datedNear(mdMonth, Number(md[2]), md[3] ? Number(md[3]) : null, referenceMs);
  return null;
}

// Xinhua and other Chinese agencies: 新华社北京3月5日电（记者 …）
const CHINESE = /^\s*(\p{Script=Han}{1,5}社)(\p{Script=Han}{2,8}?)(\d{1,2})月(\d{1,2})日(?:电|讯)(?:\s*[（(][^）)\n]{0,40}[）)])?\s*/u;

// CITY[, REGION][, DATE][ (AGENCY) | . /AGENCY/] SEPARATOR
const LATIN_LIKE = new RegExp(
  String.raw`^\s*(?<city>[\p{Lu}\p{Lo}][\p{L}\p{M}'’. -]{0,40}?)` +
    String.raw`(?:\s*\((?<region1>[\p{L}\p{M} .'’-]{2,30})\)(?=\s*[,،]))?` +
    String.raw`(?<parts>(?:\s*[,،]\s*[^,،()\n/—–]{1,40}?){0,3})` +
    String.raw`\s*(?:\((?<agency>[^()\n]{1,40})\)|\.?\s*/(?<slashed>[^/\n]{1,30})/)?` +
    String.raw`(?<sep>\s*\.?\s*(?:--|[–—])|\.-|\s+[-_]|-(?=\s)|(?<!\d)\.(?=\s)|:(?=\s))\s*`,
  'u',
);

const NOT_A_CITY = new Set([
  'UPDATE', 'UPDATED', 'CORRECTION', 'CORRECTED', 'BREAKING', 'URGENT', 'FLASH', 'BULLETIN', 'KILL', 'WITHDRAWN',
  'ADVISORY', 'EDITORS', 'NOTE', 'EMBARGO', 'EMBARGOED', 'REFILE', 'REPEAT', 'WRITETHRU', 'ADVANCE', 'PHOTO', 'VIDEO',
  'EILMELDUNG', 'URGENTE', 'СРОЧНО', 'ТЕРМІНОВО', 'BREVE', 'ÚLTIMA', 'ULTIMA', 'FLASHE',
]);

const UPPER_OR_UNCASED = (word: string): boolean => word === word.toUpperCase();
const CASED = /[\p{Lu}\p{Ll}]/u;

/** The wire dateline at the head of a paragraph or story, in any of the styles above, or null. */
export function parseWireDateline(text: string, referenceMs: number | null): WireDateline | null {
  const head = text.slice(0, HEAD_LIMIT);
  const chinese = CHINESE.exec(head);
  if (chinese) {
    const [whole, agency = '', city = '', month, day] = chinese;
    const start = whole.length - whole.trimStart().length;
    const date = datedNear(Number(month), Number(day), null, referenceMs);
    return { text: whole.trim(), start, end: whole.length, city, region: null, date, source: agency };
  }
  const match = LATIN_LIKE.exec(head);
  const groups = match?.groups;
  if (!match || !groups) return null;
  const city = (groups.city ?? '').trim();
  if (city === '' || city.split(/\s+/).length > 4 || /\d/.test(city)) return null;
  if (NOT_A_CITY.has((city.split(/[\s,.]/)[0] ?? '').toUpperCase())) return null;
  const agency = (groups.agency ?? groups.slashed)?.trim() ?? null;
  const parts = (groups.parts ?? '').split(/[,،]/).map((p) => p.trim()).filter((p) => p !== '');
  let date: string | null = null;
  const regions: string[] = groups.region1 ? [groups.region1.trim()] : [];
  for (const part of parts) {
    const parsed = parseDayMonth(part, referenceMs);
    if (parsed !== null || /^\d{1,2}\.?\s*\p{L}/u.test(part)) {
      if (parsed === null) return null;
      date ??= parsed;
    } else if (/^(?:the )?[\p{Lu}\p{Lo}][\p{L}\p{M}. '’-]{1,30}$/u.test(part)) regions.push(part.replace(/^the /, ''));
    else return null;
  }
  // Wire datelines print the city in capitals; a title-case (or uncased) one needs an agency credit or a date.
  if (!(CASED.test(city) && UPPER_OR_UNCASED(city)) && agency === null && date === null) return null;
  if (!CASED.test(city) && agency === null) return null;
  if (agency !== null && (agency.split(/\s+/).length > 4 || /^\d+$/.test(agency))) return null;
  const whole = match[0];
  const start = whole.length - whole.trimStart().length;
  const printed = whole.trim().replace(/\s*\.?\s*(?:--|[-–—_.:])$/u, '').trim();
  return { text: printed, start, end: whole.length, city, region: regions[0] ?? null, date, source: agency };
}
