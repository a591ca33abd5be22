import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConll, type ConllDocument } from './conll-reader.ts';

/**
 * Readers for the multilingual NER sets, each into documents of sentences with BIO tags over
 * PER/ORG/LOC/MISC (the tags the tagger is trained on and the metrics read).
 */

const SPANISH_MONTHS = new Set(['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'set', 'oct', 'nov', 'dic']);

/** An EFE dateline sentence ("Madrid , 23 may ( EFE ) ."): a new story begins with it. */
export function isEfeDatelineSentence(tokens: readonly string[]): boolean {
  if (tokens.length > 24 || tokens.length < 6) return false;
  const n = tokens.length;
  if (tokens[n - 1] !== '.' || tokens[n - 2] !== ')' || tokens[n - 4] !== '(') return false;
  const agency = tokens[n - 3] ?? '';
  if (!/^\p{Lu}[\p{Lu}\p{N}-]+$/u.test(agency)) return false;
  const month = tokens[n - 5] ?? '';
  const day = tokens[n - 6] ?? '';
  return SPANISH_MONTHS.has(month.toLowerCase()) && /^\d{1,2}$/.test(day);
}

function sentencesOf(lines: readonly string[], column: (parts: string[]) => [string, string] | null): Array<{ tokens: string[]; tags: string[] }> {
  const out: Array<{ tokens: string[]; tags: string[] }> = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const end = (): void => {
    if (tokens.length > 0) out.push({ tokens, tags });
    tokens = [];
    tags = [];
  };
  for (const line of lines) {
    if (line.trim() === '') {
      end();
      continue;
    }
    const pair = column(line.split(/\s+/));
    if (!pair) continue;
    tokens.push(pair[0]);
    tags.push(pair[1]);
  }
  end();
  return out;
}

/** CoNLL-2002 (`TOKEN POS TAG`, IOB2). Dutch has -DOCSTART- lines; Spanish stories open with an EFE dateline sentence. */
export function parseConll2002(text: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let current: ConllDocument = { sentences: [] };
  const flush = (): void => {
    if (current.sentences.length > 0) docs.push(current);
    current = { sentences: [] };
  };
  const blocks = text.split(/\r?\n/);
  let block: string[] = [];
  const handle = (): void => {
    for (const sentence of sentencesOf(block, (parts) => (parts[0] ? [parts[0], parts[parts.length - 1] ?? 'O'] : null))) {
      if (sentence.tokens[0] === '-DOCSTART-') {
        flush();
        continue;
      }
      if (isEfeDatelineSentence(sentence.tokens) && current.sentences.length > 0) flush();
      current.sentences.push(sentence);
    }
    block = [];
  };
  for (const line of blocks) {
    block.push(line);
    if (line.trim() === '') handle();
  }
  handle();
  flush();
  return docs;
}

const GERMEVAL_TYPES: Readonly<Record<string, string>> = { PER: 'PER', ORG: 'ORG', LOC: 'LOC', OTH: 'MISC' };

/** GermEval 2014 (`index TAB token TAB outer TAB inner`), outer spans; `-deriv` and `-part` tags are not names of the type. */
export function parseGermEval(text: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let lines: string[] = [];
  const flush = (): void => {
    const sentences = sentencesOf(lines, (parts) => {
      const [, token, outer = 'O'] = parts.length >= 3 ? parts : [];
      if (token === undefined) return null;
      const m = /^([BI])-(PER|ORG|LOC|OTH)$/.exec(outer);
      return [token, m ? `${m[1]}-${GERMEVAL_TYPES[m[2] ?? ''] ?? 'MISC'}` : 'O'];
    });
    if (sentences.length > 0) docs.push({ sentences });
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) {
      flush();
      continue;
    }
    lines.push(line.includes('\t') ? line.split('\t').join(' ') : line);
  }
  flush();
  return docs;
}

const FACTRUEVAL_TYPES: Readonly<Record<string, string>> = { Person: 'PER', Org: 'ORG', Location: 'LOC', LocOrg: 'LOC', Project: 'MISC' };

/** FactRuEval 2016 in its token-per-line BIO form (`# doc_id = …`, `token TAB tag`); LocOrg (a place acting as a body) counts as LOC. */
export function parseFactRuEvalBio(text: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let lines: string[] = [];
  const flush = (): void => {
    const sentences = sentencesOf(lines, (parts) => {
      const [token, tag = 'O'] = parts;
      if (!token) return null;
      const m = /^([BI])-(\w+)$/.exec(tag);
      return [token, m ? `${m[1]}-${FACTRUEVAL_TYPES[m[2] ?? ''] ?? 'MISC'}` : 'O'];
    });
    if (sentences.length > 0) docs.push({ sentences });
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('# doc_id')) {
      flush();
      continue;
    }
    lines.push(line);
  }
  flush();
  return docs;
}

/**
 * FactRuEval from its folder: the BIO file when present, else each document's `.tokens`, `.spans` and
 * `.objects` files (an object covers its spans' tokens; nested objects give way to the outer one).
 */
export function readFactRuEval(dir: string): ConllDocument[] {
  const bio = readdirSync(dir).find((f) => f.endsWith('.bio.tsv'));
  if (bio) return parseFactRuEvalBio(readFileSync(join(dir, bio), 'utf8'));
  const docsDir = readdirSync(dir).find((f) => !f.includes('.') && existsSync(join(dir, f, '.'))) ?? '.';
  const base = join(dir, docsDir);
  const names = readdirSync(base).filter((f) => f.endsWith('.tokens')).map((f) => f.slice(0, -'.tokens'.length)).sort();
  return names.map((name) => documentFromSpanFiles(
    readFileSync(join(base, `${name}.tokens`), 'utf8'),
    readFileSync(join(base, `${name}.spans`), 'utf8'),
    readFileSync(join(base, `${name}.objects`), 'utf8'),
  ));
}

export function documentFromSpanFiles(tokensFile: string, spansFile: string, objectsFile: string): ConllDocument {
  const tokens: Array<{ id: string; text: string }> = [];
  const sentenceEnds = new Set<number>();
  for (const line of tokensFile.split(/\r?\n/)) {
    const [id, , , text] = line.trim().split(/\s+/);
    if (!id || text === undefined) {
      if (tokens.length > 0) sentenceEnds.add(tokens.length);
      continue;
    }
    tokens.push({ id, text });
  }
  const position = new Map(tokens.map((t, i) => [t.id, i]));
  const spanTokens = new Map<string, number[]>();
  for (const line of spansFile.split(/\r?\n/)) {
    const [spanId, , , , firstToken, count] = line.split('#')[0]?.trim().split(/\s+/) ?? [];
    const first = position.get(firstToken ?? '');
    if (!spanId || first === undefined) continue;
    spanTokens.set(spanId, Array.from({ length: Number(count) || 1 }, (_, k) => first + k));
  }
  const objects: Array<{ type: string; start: number; end: number }> = [];
  for (const line of objectsFile.split(/\r?\n/)) {
    const [, type = '', ...spanIds] = line.split('#')[0]?.trim().split(/\s+/) ?? [];
    const covered = spanIds.flatMap((id) => spanTokens.get(id) ?? []);
    const mapped = FACTRUEVAL_TYPES[type];
    if (covered.length === 0 || !mapped) continue;
    objects.push({ type: mapped, start: Math.min(...covered), end: Math.max(...covered) + 1 });
  }
  objects.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const tags = tokens.map(() => 'O');
  for (const o of objects) {
    if (tags.slice(o.start, o.end).some((t) => t !== 'O')) continue;
    for (let k = o.start; k < o.end; k += 1) tags[k] = `${k === o.start ? 'B' : 'I'}-${o.type}`;
  }
  const sentences: ConllDocument['sentences'] = [];
  let start = 0;
  tokens.forEach((_, i) => {
    if (sentenceEnds.has(i + 1) || i === tokens.length - 1) {
      sentences.push({ tokens: tokens.slice(start, i + 1).map((t) => t.text), tags: tags.slice(start, i + 1) });
      start = i + 1;
    }
  });
  return { sentences };
}

export const NER_SET_FORMATS = ['conll2003', 'conll2002', 'germeval', 'factrueval'] as const;
export type NerSetFormat = (typeof NER_SET_FORMATS)[number];

/** Documents of a NER set in one of the supported formats (a file, or FactRuEval's folder). */
export function readNerSet(format: NerSetFormat, path: string): ConllDocument[] {
  switch (format) {
    case 'conll2003':
      return parseConll(readFileSync(path, 'utf8'));
    case 'conll2002':
      return parseConll2002(readFileSync(path, 'utf8'));
    case 'germeval':
      return parseGermEval(readFileSync(path, 'utf8'));
    case 'factrueval':
      return readFactRuEval(path);
    default: {
      const never: never = format;
      throw new Error(`unknown NER set format ${String(never)}`);
    }
  }
}
