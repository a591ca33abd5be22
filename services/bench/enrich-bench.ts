import type { Article } from '../contracts/types.generated.ts';
import { articleText } from '../enrich/article-text.ts';
import { createEnricher, type ArticleEnricher } from '../enrich/enrich-article.ts';
import { loadEnrichmentModels } from '../enrich/load-models.ts';
import { paragraphs, sentences } from '../enrich/segmentation.ts';
import { tokenize } from '../enrich/tokenize.ts';
import { medianRate, type BenchRow } from './measure.ts';

/** The floor every enrichment pays: the body as text, paragraphs, sentences and their tokens. */
function segmentAndTokenize(article: Article): number {
  const text = articleText(article);
  let tokens = 0;
  for (const s of sentences(text, paragraphs(text))) tokens += tokenize(text.slice(s.start, s.end), s.start).length;
  return tokens;
}

/**
 * Full enrichment (one thread) against tokenizer + sentence splitter alone, over the same articles in the
 * same run. Both are warmed once first, so the tagger's per-word caches are filled as in a long-lived worker.
 */
export function enrichBench(articles: readonly Article[], enrich: ArticleEnricher = createEnricher(loadEnrichmentModels())): BenchRow {
  if (articles.length === 0) throw new Error('enrichBench needs at least one article');
  let sink = 0;
  const enrichAll = (): void => {
    for (const article of articles) sink += enrich(article).entities.length;
  };
  const segmentAll = (): void => {
    for (const article of articles) sink += segmentAndTokenize(article);
  };
  enrichAll();
  segmentAll();
  const ours = medianRate(enrichAll, articles.length);
  const floor = medianRate(segmentAll, articles.length);
  if (sink < 0) throw new Error('unreachable: keeps the work observable');
  return { name: 'article → Enrichment', ours: { label: 'enrichArticle', value: ours }, baseline: { label: 'tokenize + sentences only', value: floor }, unit: 'articles/s' };
}
