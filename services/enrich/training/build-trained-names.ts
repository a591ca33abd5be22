/**
 * Builds the trained-name lexicon (`models/trained-names-en.json.gz`): every PER, ORG, LOC and MISC name
 * tagged in CoNLL-2003 eng.train (a training split), with the type it carries most often there:
 *   npx tsx services/enrich/training/build-trained-names.ts --conll ../shared/data/conll2003/eng.train --out services/enrich/models/trained-names-en.json.gz
 * Deterministic: the same file gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseConll } from '../../eval/enrich/conll-reader.ts';
import { collectTrainedNames } from '../entities/trained-names.ts';
import { argValue } from './seeded-random.ts';

export function buildTrainedNamesFromConll(conllText: string): ReturnType<typeof collectTrainedNames> {
  return collectTrainedNames(parseConll(conllText).flatMap((doc) => doc.sentences), 'CoNLL-2003 eng.train (PER, ORG, LOC, MISC names, most frequent type)');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const input = argValue(args, '--conll') ?? '../shared/data/conll2003/eng.train';
  const out = argValue(args, '--out') ?? 'services/enrich/models/trained-names-en.json.gz';
  const file = buildTrainedNamesFromConll(readFileSync(input, 'utf8'));
  const bytes = gzipSync(JSON.stringify(file), { level: 9 });
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${file.names.length} names, ${bytes.length} bytes`);
}
