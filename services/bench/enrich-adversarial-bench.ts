import type { Article } from '../contracts/types.generated.ts';
import { articleText } from '../enrich/article-text.ts';
import type { ArticleEnricher } from '../enrich/enrich-article.ts';
import { plainArticle } from '../eval/enrich/text-article.ts';
import { median, type BenchRow } from './measure.ts';

/** Hostile and long bodies the enricher must get through in time linear in their size. */
export const ADVERSARIAL_SHAPES: ReadonlyArray<{ name: string; body: (bytes: number) => string }> = [
  { name: 'dot run', body: (bytes) => `Talks ended${'.'.repeat(bytes)} Then they left.` },
  { name: 'mixed punctuation run', body: (bytes) => `Talks ended ${'?!.…»«"“”'.repeat(Math.ceil(bytes / 9)).slice(0, bytes)} Then they left.` },
  { name: 'one capitalised run', body: (bytes) => `${'Geneva Talks '.repeat(Math.ceil(bytes / 13)).slice(0, bytes)}.` },
];
export const ADVERSARIAL_SIZES = [10 * 1024, 100 * 1024, 1024 * 1024] as const;

function secondsPerKb(enrich: ArticleEnricher, articles: readonly Article[], runs: number): number {
  const kb = articles.reduce((sum, a) => sum + Buffer.byteLength(articleText(a)), 0) / 1024;
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    for (const article of articles) enrich(article);
    times.push(Number(process.hrtime.bigint() - started) / 1e9 / kb);
  }
  return median(times);
}

/**
 * Per-KB enrichment time of each adversarial shape at 10 KB, 100 KB and 1 MB against the per-KB time of the
 * sample wire copy, measured in the same run: a ratio far above 1 at 1 MB is a super-linear path.
 */
export function enrichAdversarialBench(enrich: ArticleEnricher, sample: readonly Article[]): BenchRow[] {
  secondsPerKb(enrich, sample, 1);
  const baseline = secondsPerKb(enrich, sample, 5);
  const rows: BenchRow[] = [];
  for (const shape of ADVERSARIAL_SHAPES) {
    for (const size of ADVERSARIAL_SIZES) {
      const article = plainArticle(shape.body(size));
      const perKb = secondsPerKb(enrich, [article], size >= 1024 * 1024 ? 1 : 3);
      rows.push({
        name: `enrich ${shape.name} ${size >= 1024 * 1024 ? `${size / 1024 / 1024} MB` : `${size / 1024} KB`}`,
        ours: { label: 'ms per KB', value: perKb * 1000 },
        baseline: { label: 'sample wire copy', value: baseline * 1000 },
        unit: 'ms/KB',
      });
    }
  }
  return rows;
}
