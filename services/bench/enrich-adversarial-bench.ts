import type { Article } from '../contracts/types.generated.ts';
import { articleText } from '../enrich/article-text.ts';
import type { ArticleEnricher } from '../enrich/enrich-article.ts';
import { plainArticle } from '../eval/enrich/text-article.ts';
import type { AdversarialShape, SubjectUnderTest } from './adversarial-bench.ts';

/** Shapes that stress the enricher beyond the parsers' ones: one sentence of capitalised words (the tagger's worst case). */
export const ENRICHER_SHAPES: readonly AdversarialShape[] = [
  { name: 'one capitalised run', make: (bytes) => `${'Geneva Talks '.repeat(Math.max(1, Math.ceil(bytes / 13)))}.` },
];

/** The enricher as a subject of the adversarial bench: the hostile payload is the article's body. */
export function enricherSubject(enrich: ArticleEnricher, sample: readonly Article[]): SubjectUnderTest<Article> {
  return {
    name: 'enricher',
    sampleInputs: () => sample,
    withPayload: (payload) => plainArticle(`GENEVA (Reuters) - Talks resumed on Monday.\n\n${payload}`),
    sizeOf: (article) => Buffer.byteLength(articleText(article)),
    run: (article) => {
      enrich(article);
    },
  };
}
