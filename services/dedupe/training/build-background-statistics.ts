import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { BackgroundStatisticsFile } from '../background-statistics.ts';
import { FINGERPRINT_VERSION, fingerprintArticle } from '../fingerprint.ts';
import { plainDedupeArticle } from '../plain-article.ts';

/**
 * Document frequencies of the CoNLL-2003 training text (Reuters news, August 1996 – disjoint from
 * Reuters-21578, 1987, and from ECB+): each `-DOCSTART-` document becomes a headline (its first
 * line) and a body, fingerprinted as the router fingerprints copy; its terms and names are counted
 * once per document. Only counts leave the corpus, never text.
 */
export function conllDocuments(text: string): Array<{ title: string; body: string }> {
  const documents: Array<{ title: string; body: string }> = [];
  for (const chunk of text.split(/^-DOCSTART-.*$/m)) {
    const sentences = chunk
      .split(/\n\s*\n/)
      .map((block) => detokenise(block.split('\n').flatMap((line) => (line.trim() ? [line.split(' ')[0]!] : []))))
      .filter((s) => s.length > 0);
    if (sentences.length === 0) continue;
    documents.push({ title: sentences[0]!, body: sentences.slice(1).join('\n') });
  }
  return documents;
}

function detokenise(tokens: readonly string[]): string {
  return tokens.join(' ').replace(/ ([.,;:!?)'])/g, '$1').replace(/\( /g, '(').replace(/(\d) ([.:]) (?=\d)/g, '$1$2');
}

export function backgroundStatistics(documents: ReadonlyArray<{ title: string; body: string }>, minDocuments: number, source: string): BackgroundStatisticsFile {
  const counts = new Map<string, number>();
  documents.forEach((doc, i) => {
    const fp = fingerprintArticle(plainDedupeArticle('background', String(i), 1, 0, doc.title, doc.body));
    for (const term of new Set([...Object.keys(fp.terms), ...Object.keys(fp.entities)])) counts.set(term, (counts.get(term) ?? 0) + 1);
  });
  const documentFrequency: Record<string, number> = {};
  for (const term of [...counts.keys()].sort()) if (counts.get(term)! >= minDocuments) documentFrequency[term] = counts.get(term)!;
  return { source, fingerprintVersion: FINGERPRINT_VERSION, documentCount: documents.length, documentFrequency, minDocuments };
}

function main(): void {
  const { values } = parseArgs({ options: { conll: { type: 'string' }, out: { type: 'string' }, 'min-documents': { type: 'string', default: '2' } } });
  if (!values.conll || !values.out) throw new Error('usage: build-background-statistics.ts --conll <eng.train> --out <file.json.gz> [--min-documents 2]');
  const documents = conllDocuments(readFileSync(values.conll, 'utf8'));
  const model = backgroundStatistics(documents, Number(values['min-documents']), 'CoNLL-2003 eng.train (Reuters news, 1996)');
  // mtime 0 in the gzip header: the same counts give the same bytes.
  writeFileSync(values.out, gzipSync(JSON.stringify(model), { level: 9 }));
  console.log(`${documents.length} documents, ${Object.keys(model.documentFrequency).length} terms and names in ≥ ${model.minDocuments} documents → ${values.out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
