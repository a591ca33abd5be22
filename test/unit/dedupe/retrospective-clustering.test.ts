import { describe, expect, it } from 'vitest';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { MATCH_POLICY } from '../../../services/dedupe/match-policy.ts';
import { clusterRetrospectively } from '../../../services/eval/dedupe/retrospective-clustering.ts';
import { corpusStatistics } from '../../../services/eval/dedupe/run-dedupe-eval.ts';
import { quakeChile, quakeChileRewrite, quakeJapan } from './articles.ts';

describe('retrospective clustering (the evaluation’s reference)', () => {
  const articles = [quakeChile, quakeJapan, quakeChileRewrite];
  const stats = corpusStatistics(articles.map((article) => ({ article })));
  const items = articles.map((article) => ({ fingerprint: fingerprintArticle(article) }));

  it('puts two reports of one quake together and another quake apart', () => {
    const [chile, japan, rewrite] = clusterRetrospectively(items, stats, MATCH_POLICY.sameEventTotal);
    expect(rewrite).toBe(chile);
    expect(japan).not.toBe(chile);
  });

  it('merges nothing above the highest possible score', () => {
    expect(new Set(clusterRetrospectively(items, stats, 1.01)).size).toBe(3);
  });
});
