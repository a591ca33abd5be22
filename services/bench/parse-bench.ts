import { readFileSync } from 'node:fs';
import { parseItem } from '../ingest/parsers/index.ts';
import { medianRate, type BenchRow } from './measure.ts';

/** Normalising a ninjs item, against the floor of merely JSON.parse-ing the same bytes. */
export function parseBench(ninjsPath: string): BenchRow {
  const bytes = readFileSync(ninjsPath);
  const n = 2_000;
  const ours = medianRate(() => {
    for (let i = 0; i < n; i++) parseItem({ bytes, contentType: 'application/json', provider: { id: 'bench', name: null }, submissionId: 'sub', receivedAt: 0 });
  }, n);
  const floor = medianRate(() => {
    for (let i = 0; i < n; i++) JSON.parse(bytes.toString('utf8'));
  }, n);
  return { name: 'ninjs item → Article', ours: { label: 'parseItem', value: ours }, baseline: { label: 'JSON.parse only', value: floor }, unit: 'items/s' };
}
