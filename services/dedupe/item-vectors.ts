import type { Fingerprint } from './fingerprint.ts';
import type { TermStatistics } from './term-statistics.ts';
import { inverseDocumentFrequency } from './term-statistics.ts';

/** Lead terms count double: the lead is where copy names the event. */
export const LEAD_BOOST = 2;

/** An item's IDF-weighted unit vectors: content words (lead words boosted) and names. */
export interface ItemVectors {
  terms: Record<string, number>;
  entities: Record<string, number>;
}

export function itemVectors(fp: Fingerprint, stats?: TermStatistics): ItemVectors {
  return { terms: termVector(fp, stats), entities: entityVector(fp, stats) };
}

export function termVector(fp: Fingerprint, stats?: TermStatistics): Record<string, number> {
  const lead = new Set(fp.leadTerms);
  const vector: Record<string, number> = {};
  for (const [term, count] of Object.entries(fp.terms)) {
    vector[term] = (1 + Math.log(count)) * (lead.has(term) ? LEAD_BOOST : 1) * inverseDocumentFrequency(term, stats);
  }
  return unit(vector);
}

export function entityVector(fp: Fingerprint, stats?: TermStatistics): Record<string, number> {
  const vector: Record<string, number> = {};
  for (const [entity, count] of Object.entries(fp.entities)) vector[entity] = (1 + Math.log(count)) * inverseDocumentFrequency(entity, stats);
  return unit(vector);
}

function unit(vector: Record<string, number>): Record<string, number> {
  const norm = Math.sqrt(Object.values(vector).reduce((sum, x) => sum + x * x, 0));
  if (norm === 0) return vector;
  for (const key of Object.keys(vector)) vector[key] = vector[key]! / norm;
  return vector;
}
