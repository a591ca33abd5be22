import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { TermStatistics } from './term-statistics.ts';

/**
 * Document frequencies of wire copy from a corpus the index is never evaluated on, shipped as a model
 * file: a cold index (a fresh deployment, a new fingerprint version, an evaluation) would otherwise
 * treat common wire words as rare for its first hours. The index takes, term by term, the larger of
 * these and its window's own counts, scaled to the window's size (see `StoredCandidateIndex`).
 * Rebuild: see services/dedupe/README.md.
 */
export interface BackgroundStatisticsFile {
  /** where the counts come from, and the fingerprint version that counted them */
  source: string;
  fingerprintVersion: number;
  documentCount: number;
  /** term or name → documents containing it (terms seen in fewer than `minDocuments` documents are left out) */
  documentFrequency: Record<string, number>;
  minDocuments: number;
}

export const BACKGROUND_STATISTICS_FILE = new URL('./models/background-statistics.json.gz', import.meta.url);

export function decodeBackgroundStatistics(file: BackgroundStatisticsFile): TermStatistics {
  return { documentCount: file.documentCount, documentFrequency: file.documentFrequency };
}

/** Read once, at a composition root. */
export function loadBackgroundStatistics(path: URL | string = BACKGROUND_STATISTICS_FILE): TermStatistics {
  return decodeBackgroundStatistics(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as BackgroundStatisticsFile);
}
