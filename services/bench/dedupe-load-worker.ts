import { fileURLToPath } from 'node:url';
import type { DedupeArticle, Fingerprint } from '../dedupe/fingerprint.ts';
import { fingerprintArticle } from '../dedupe/fingerprint.ts';
import { generateWireStream } from './wire-stream.ts';

export const CHUNK = 20_000;

/** When the loaded items were sent: spread evenly from `start`, `spacing` ms apart. */
export interface LoadTiming {
  start: number;
  spacing: number;
}

export interface LoadItem {
  article: DedupeArticle;
  storyId: string;
}

export interface FingerprintedItem extends LoadItem {
  fingerprint: Fingerprint;
}

export type LoadRequest = { type: 'chunk'; chunk: number; timing: LoadTiming };
export type LoadReply = { type: 'chunk'; chunk: number; items: FingerprintedItem[] };

export const loadTime = (timing: LoadTiming, i: number): number => Math.round(timing.start + i * timing.spacing);

/** Chunk `c` of the generated wire: its own seed, item ids and stories, times spread evenly over the loaded span. */
export function chunkArticles(c: number, timing: LoadTiming): LoadItem[] {
  return generateWireStream(CHUNK, 20250303 + c).articles.map((article, i) => ({
    article: { ...article, providerItemId: `c${c}-${article.providerItemId}`, versioncreated: loadTime(timing, c * CHUNK + i) },
    // The generator names items `<provider>-<event>-<report>`: the event is the story routing would find.
    storyId: `c${c}-e${article.providerItemId.split('-').at(-2)}`,
  }));
}

// A child process of the bench: fingerprints the chunks it is asked for, one at a time, so that the
// parent files one chunk while the next is fingerprinted on another core.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.on('message', (request: LoadRequest) => {
    const items = chunkArticles(request.chunk, request.timing).map((item) => ({ ...item, fingerprint: fingerprintArticle(item.article) }));
    process.send!({ type: 'chunk', chunk: request.chunk, items } satisfies LoadReply);
  });
  process.on('disconnect', () => process.exit(0));
}
