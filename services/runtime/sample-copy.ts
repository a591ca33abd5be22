import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article, Submission } from '../contracts/types.generated.ts';
import type { parseItem as ParseItem } from '../ingest/parsers/index.ts';

export const SAMPLE_COPY_DIR = fileURLToPath(new URL('./sample-copy/', import.meta.url));

export interface SampleItem {
  readonly file: string;
  readonly bytes: Buffer;
  readonly contentType: string;
}

export function sampleCopy(): SampleItem[] {
  return readdirSync(SAMPLE_COPY_DIR)
    .sort()
    .map((file) => ({ file, bytes: readFileSync(join(SAMPLE_COPY_DIR, file)), contentType: file.endsWith('.json') ? 'application/ninjs+json' : 'text/plain; charset=utf-8' }));
}

/** Every sample item parsed as ingest would, for benchmarks over real copy. */
export function sampleArticles(parseItem: typeof ParseItem): Article[] {
  return sampleCopy().flatMap((item) => {
    const parsed = parseItem({ bytes: item.bytes, contentType: item.contentType, provider: { id: 'bench', name: null }, submissionId: 'sub_bench', receivedAt: Date.UTC(2022, 0, 22) });
    return parsed.ok ? [parsed.article] : [];
  });
}

/** The seed article as the submission ingest would write, for benchmarks that need a realistic record. */
export function seedSubmission(parseItem: typeof ParseItem): Submission {
  const [seed] = sampleCopy();
  const parsed = parseItem({ bytes: seed!.bytes, contentType: seed!.contentType, provider: { id: 'bench', name: null }, submissionId: 'sub_bench', receivedAt: Date.UTC(2022, 0, 22) });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { submissionId: 'sub_bench', receivedAt: Date.UTC(2022, 0, 22), providerId: 'bench', idempotencyKey: null, channel: 'http', contentType: seed!.contentType, raw: seed!.bytes, article: parsed.article };
}
