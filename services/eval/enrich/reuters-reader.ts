/** One Reuters-21578 story with the fields the enrichment evaluation uses. */
export interface ReutersStory {
  newId: string;
  /** <DATE>, as epoch ms (UTC) */
  date: number | null;
  title: string;
  dateline: string;
  body: string;
  places: string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => (Number(n) < 32 ? '' : String.fromCharCode(Number(n))))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const field = (block: string, tag: string): string => decode(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(block)?.[1] ?? '');

export function parseReutersDate(text: string): number | null {
  const m = /(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[2] ?? '');
  return month < 0 ? null : Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export function parseReutersSgml(sgml: string): ReutersStory[] {
  const stories: ReutersStory[] = [];
  for (const match of sgml.matchAll(/<REUTERS([^>]*)>([\s\S]*?)<\/REUTERS>/g)) {
    const block = match[2] ?? '';
    stories.push({
      newId: /NEWID="(\d+)"/.exec(match[1] ?? '')?.[1] ?? '',
      date: parseReutersDate(field(block, 'DATE')),
      title: field(block, 'TITLE').trim(),
      dateline: field(block, 'DATELINE').trim(),
      body: field(block, 'BODY').replace(/\s*Reuter\s*$/, '').trim(),
      places: [...field(block, 'PLACES').matchAll(/<D>([^<]+)<\/D>/g)].map((d) => d[1] ?? ''),
    });
  }
  return stories;
}
