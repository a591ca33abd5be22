import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DedupeArticle } from '../../dedupe/fingerprint.ts';
import { decodeXmlEntities } from './xml-entities.ts';

export interface ReutersDocument {
  newId: number;
  /** calendar day of <DATE>, YYYY-MM-DD */
  day: string;
  title: string;
  body: string;
  article: DedupeArticle;
}

export const REUTERS_PROVIDER_ID = 'reuters';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** All <REUTERS> items of the `*.sgm` files, in NEWID order. */
export async function readReuters(dir: string): Promise<ReutersDocument[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sgm')).sort();
  const documents: ReutersDocument[] = [];
  for (const file of files) {
    // The collection is Latin-1 with SGML character references for control codes.
    const sgml = await readFile(join(dir, file), 'latin1');
    for (const m of sgml.matchAll(/<REUTERS\b([^>]*)>([\s\S]*?)<\/REUTERS>/g)) {
      const doc = parseReutersItem(m[1]!, m[2]!);
      if (doc) documents.push(doc);
    }
  }
  if (documents.length === 0) throw new Error(`no Reuters-21578 items under ${dir}`);
  return documents.sort((a, b) => a.newId - b.newId);
}

export function parseReutersItem(attributes: string, content: string): ReutersDocument | null {
  const newId = Number(/NEWID="(\d+)"/.exec(attributes)?.[1]);
  const date = /<DATE>\s*(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})/.exec(content);
  if (!Number.isFinite(newId) || !date) return null;
  const [, dd, mon, yyyy, hh, mi, ss] = date;
  const month = MONTHS.indexOf(mon!);
  // A few <DATE>s carry impossible hours ("605:12:19"): keep the day, clamp the time.
  const versioncreated = Date.UTC(Number(yyyy), month, Number(dd), Math.min(Number(hh), 23), Number(mi), Number(ss));
  const day = new Date(Date.UTC(Number(yyyy), month, Number(dd))).toISOString().slice(0, 10);
  const textMatch = /<TEXT\b([^>]*)>([\s\S]*?)<\/TEXT>/.exec(content);
  const text = textMatch?.[2] ?? '';
  // A BRIEF is a headline-only flash: the collection fills its body with a "Blah blah blah." placeholder.
  const brief = /TYPE="BRIEF"/.test(textMatch?.[1] ?? '');
  const title = clean(tag(text, 'TITLE'));
  const datelineText = clean(tag(text, 'DATELINE'));
  const bodyTagged = tag(text, 'BODY');
  const body = brief ? '' : clean(
    (bodyTagged || text.replace(/<TITLE>[\s\S]*?<\/TITLE>|<DATELINE>[\s\S]*?<\/DATELINE>|<AUTHOR>[\s\S]*?<\/AUTHOR>/g, ''))
      .replace(/\s*\bReuter\s*$/, ''),
  );
  const city = /^([^,]+),/.exec(datelineText)?.[1]?.trim() ?? null;
  return {
    newId,
    day,
    title,
    body,
    article: {
      headlines: title ? [{ role: 'main', contenttype: 'text/plain', value: title }] : [],
      bodies: body ? [{ role: 'main', contenttype: 'text/plain', charcount: body.length, wordcount: null, value: body }] : [],
      provider: { id: REUTERS_PROVIDER_ID, name: 'Reuters', credit: 'Reuters' },
      providerItemId: String(newId),
      providerVersion: 1,
      versioncreated,
      located: datelineText ? { text: datelineText, city, country: null, date: day, source: null } : null,
    },
  };
}

function tag(text: string, name: string): string {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text)?.[1] ?? '';
}

function clean(text: string): string {
  // decodeXmlEntities already turned the SGML control codes (&#2; &#3; ...) into spaces.
  return decodeXmlEntities(text).trim();
}
