import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RawFormat } from '../../contracts/types.generated.ts';
import { parseItems, type ParseResult } from './index.ts';

export interface CorpusFileReport {
  file: string;
  results: ParseResult[];
}

export interface CorpusReport {
  files: CorpusFileReport[];
  /** Items parsed and refused per detected format (UNKNOWN: refused before a parser was chosen). */
  counts: Record<RawFormat, { parsed: number; refused: number }>;
}

/** Parses every file under `root` (recursively) as a submission without a content type, and counts the outcomes. */
export function reportCorpus(root: string, receivedAt: number): CorpusReport {
  const counts: CorpusReport['counts'] = {
    PLAIN_TEXT: { parsed: 0, refused: 0 },
    NINJS: { parsed: 0, refused: 0 },
    NITF: { parsed: 0, refused: 0 },
    NEWSML_G2: { parsed: 0, refused: 0 },
    UNKNOWN: { parsed: 0, refused: 0 },
  };
  const files = listFiles(root).map((path): CorpusFileReport => {
    const results = parseItems({
      bytes: readFileSync(path),
      provider: { id: 'corpus', name: null },
      submissionId: `corpus:${relative(root, path)}`,
      receivedAt,
    });
    for (const result of results) counts[result.format][result.ok ? 'parsed' : 'refused'] += 1;
    return { file: relative(root, path), results };
  });
  return { files, counts };
}

export function formatCorpusCounts(report: CorpusReport): string {
  return Object.entries(report.counts)
    .map(([format, { parsed, refused }]) => `${format.padEnd(10)} parsed ${String(parsed).padStart(4)}  refused ${String(refused).padStart(4)}`)
    .join('\n');
}

function listFiles(root: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) found.push(...listFiles(path));
    else found.push(path);
  }
  return found;
}
