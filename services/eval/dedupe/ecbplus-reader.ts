import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DedupeArticle } from '../../dedupe/fingerprint.ts';
import { decodeXmlEntities } from './xml-entities.ts';

export interface EcbPlusDocument {
  docName: string;
  topic: string;
  /** gold story: `<topic>/ecb` or `<topic>/ecbplus`, two different events of one kind */
  goldStory: string;
  article: DedupeArticle;
}

export const ECBPLUS_PROVIDER_ID = 'ecbplus';

/**
 * The corpus ships tokens, not articles: a document's text is its tokens joined, one sentence a
 * line. ECB+ (not ECB) documents open with their source URL as a tokenised sentence; it is a
 * reference, not copy, so it is dropped. Figures the tokeniser split ("5 . 9", "8 : 20", "2 , 000") are
 * glued back, as the source text had them; a comma before a year stays a separator ("August 7 ,
 * 2012"), or neither the date nor the year would be read. No headline is guessed and no timestamp
 * exists (versioncreated = 0): dates only come from the text itself.
 */
export async function readEcbPlus(dir: string): Promise<EcbPlusDocument[]> {
  const topics = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  const documents: EcbPlusDocument[] = [];
  for (const topic of topics.sort()) {
    const files = (await readdir(join(dir, topic))).filter((f) => /ecb(plus)?\.xml$/.test(f)).sort();
    for (const file of files) {
      const xml = await readFile(join(dir, topic, file), 'utf8');
      documents.push(parseEcbPlusDocument(topic, file, xml));
    }
  }
  if (documents.length === 0) throw new Error(`no ECB+ documents under ${dir}`);
  return documents;
}

export function parseEcbPlusDocument(topic: string, file: string, xml: string): EcbPlusDocument {
  const sentences = new Map<number, string[]>();
  for (const m of xml.matchAll(/<token\b[^>]*\bsentence="(\d+)"[^>]*>([^<]*)<\/token>/g)) {
    const sentence = Number(m[1]);
    const tokens = sentences.get(sentence) ?? [];
    tokens.push(decodeXmlEntities(m[2]!));
    sentences.set(sentence, tokens);
  }
  const lines = [...sentences.entries()].sort((a, b) => a[0] - b[0]).map(([, tokens]) => detokenise(tokens));
  const source = lines.length > 0 && /^https?\s*:/.test(lines[0]!) ? lines[0]! : null;
  const body = (source === null ? lines : lines.slice(1)).join('\n');
  const docName = file.replace(/\.xml$/, '');
  const subCorpus = docName.endsWith('ecbplus') ? 'ecbplus' : 'ecb';
  return {
    docName,
    topic,
    goldStory: `${topic}/${subCorpus}`,
    article: {
      headlines: [],
      bodies: [{ role: 'main', contenttype: 'text/plain', charcount: body.length, wordcount: null, value: body }],
      provider: { id: providerOf(source, docName), name: 'ECB+ corpus', credit: null },
      providerItemId: docName,
      providerVersion: 1,
      versioncreated: 0,
      located: null,
    },
  };
}

/**
 * ECB+ collects articles of many outlets: a document's provider is the outlet its source URL names
 * (`ecbplus:latimes.com`), or, where no URL is given (the ECB half), the document itself, since the
 * router weighs two items of one provider differently from two providers' copy of one event.
 */
export function providerOf(sourceLine: string | null, docName: string): string {
  const host = sourceLine === null ? null : /^https?:\/\/([^/]+)/.exec(sourceLine.replace(/\s+/g, ''))?.[1];
  return host ? `${ECBPLUS_PROVIDER_ID}:${host.toLowerCase().replace(/^www\d?\./, '')}` : `${ECBPLUS_PROVIDER_ID}:${docName}`;
}

export function detokenise(tokens: readonly string[]): string {
  return tokens.join(' ').replace(/(\d) ([.:]) (?=\d)/g, '$1$2').replace(/(\d) , (?=\d{3}(?!\d))/g, '$1,');
}
