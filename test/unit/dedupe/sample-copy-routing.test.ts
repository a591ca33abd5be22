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

// The services route concurrently submitted copy in any order: the rewrite may meet the story when its
// current version is already the correction, a short excerpt whose body names fewer of the actors.
const CORRECTION_FIRST = [PLAN[0]!, PLAN[1]!, PLAN[3]!, PLAN[2]!, PLAN[4]!];

describe('routing the sample copy', () => {
  it.each([
    ['in the order npm start sends it', PLAN],
    ['with the correction before the rewrite', CORRECTION_FIRST],
  ])('joins the second wire rewrite to the seed story and keeps the marathon apart, %s', async (_, plan) => {
    const index = inMemoryDedupeIndex();
    const copy = sampleCopy();
    const routes = new Map<string, Awaited<ReturnType<typeof routeArticle>>>();
    for (const step of plan) {
      const item = copy.find((c) => c.file === step.file)!;
      const parsed = parseItem({ bytes: item.bytes, contentType: item.contentType, provider: { id: step.provider, name: step.provider }, submissionId: 'sub', receivedAt: Date.UTC(2026, 10, 30, 10) });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const article = step.itemId ? { ...parsed.article, providerItemId: step.itemId, providerVersion: step.version! } : parsed.article;
      routes.set(step.file, await routeArticle(article, index));
    }
    const [seed, update, rewrite, correction, marathon] = PLAN.map((step) => routes.get(step.file));
    expect(seed!.decision.kind).toBe('new-story');
    expect(update).toMatchObject({ storyId: seed!.storyId, decision: { kind: 'same-item' } });
    expect(rewrite!.storyId).toBe(seed!.storyId);
    expect(['near-duplicate', 'same-event']).toContain(rewrite!.decision.kind);
    expect(correction!.storyId).toBe(seed!.storyId);
    expect(marathon!.decision.kind).toBe('new-story');
  });
});
