import type { Submission } from '../contracts/types.generated.ts';
import type { SchemaCatalog } from '../contracts/avro-codec.ts';
import { medianRate, type BenchRow } from './measure.ts';

/** Avro (the topic's schema) against JSON for the same submission: encode+decode rate and size. */
export function codecBench(catalog: SchemaCatalog, submission: Submission): BenchRow[] {
  const type = catalog.type('storyline.v1.Submission');
  const avroBytes = type.toBuffer(submission);
  const asJson = { ...submission, raw: submission.raw.toString('base64') };
  const jsonBytes = Buffer.from(JSON.stringify(asJson));
  const n = 2_000;
  const avroRate = medianRate(() => {
    for (let i = 0; i < n; i++) type.fromBuffer(type.toBuffer(submission));
  }, n);
  const jsonRate = medianRate(() => {
    for (let i = 0; i < n; i++) JSON.parse(JSON.stringify(asJson));
  }, n);
  return [
    { name: 'submission encode+decode', ours: { label: 'avro (avsc)', value: avroRate }, baseline: { label: 'JSON.stringify/parse', value: jsonRate }, unit: 'msg/s' },
    { name: 'submission size', ours: { label: 'avro', value: avroBytes.length }, baseline: { label: 'json', value: jsonBytes.length }, unit: 'bytes' },
  ];
}
