import { describe, expect, it } from 'vitest';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { sampleCopy } from '../../../services/runtime/sample-copy.ts';

// The main job's sample copy, in the order `npm start` sends it, into an empty index: a story with
// few neighbours must still gather its rewrite from a second wire, and keep an unrelated story apart.
const PLAN: Array<{ file: string; provider: string; itemId?: string; version?: number }> = [
  { file: '01-geneva-talks.txt', provider: 'demo-wire', itemId: 'geneva-talks', version: 1 },
  { file: '02-geneva-talks-update.txt', provider: 'demo-wire', itemId: 'geneva-talks', version: 2 },
  { file: '03-geneva-talks-rewrite.json', provider: 'example-wire' },
  { file: '04-geneva-talks-correction.txt', provider: 'demo-wire', itemId: 'geneva-talks', version: 3 },
  { file: '05-nairobi-marathon.txt', provider: 'demo-wire' },
];

describe('routing the sample copy', () => {
  it('joins the second wire rewrite to the seed story and keeps the marathon apart', async () => {
    const index = inMemoryDedupeIndex();
    const copy = sampleCopy();
    const routes = [];
    for (const step of PLAN) {
      const item = copy.find((c) => c.file === step.file)!;
      const parsed = parseItem({ bytes: item.bytes, contentType: item.contentType, provider: { id: step.provider, name: step.provider }, submissionId: 'sub', receivedAt: Date.UTC(2026, 10, 30, 10) });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const article = step.itemId ? { ...parsed.article, providerItemId: step.itemId, providerVersion: step.version! } : parsed.article;
      routes.push(await routeArticle(article, index));
    }
    const [seed, update, rewrite, correction, marathon] = routes;
    expect(seed!.decision.kind).toBe('new-story');
    expect(update).toMatchObject({ storyId: seed!.storyId, decision: { kind: 'same-item' } });
    expect(rewrite!.storyId).toBe(seed!.storyId);
    expect(['near-duplicate', 'same-event']).toContain(rewrite!.decision.kind);
    expect(correction!.storyId).toBe(seed!.storyId);
    expect(marathon!.decision.kind).toBe('new-story');
  });
});
