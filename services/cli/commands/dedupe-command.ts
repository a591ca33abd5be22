import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { Article } from '../../contracts/types.generated.ts';
import { inMemoryDedupeIndex } from '../../dedupe/dedupe-index.ts';
import { PairScoreCache } from '../../dedupe/event-clustering.ts';
import { articleText } from '../../dedupe/fingerprint.ts';
import type { DedupeDecision } from '../../dedupe/match-policy.ts';
import { routeArticle } from '../../dedupe/routing-pipeline.ts';
import type { TermStatistics } from '../../dedupe/term-statistics.ts';
import { loadBackgroundStatistics } from '../../dedupe/background-statistics.ts';
import { describeRefusal, parseLocally, parseReceivedAt } from './parse-command.ts';

/** One line of the offline router's output: a routed item, or an item a regrouping moved. */
export type DedupeLine =
  | { file: string; item: string; headline: string; storyId: string; kind: DedupeDecision['kind']; of?: string; evidence?: { total: number; signals: Record<string, number> } }
  | { file: string; item: string; headline: string; storyId: string; kind: 'moved'; from: string; score: number };

export interface OfflineDedupeOptions {
  provider: string;
  receivedAt: number;
  /** the shipped document frequencies, as the router starts from */
  backgroundStatistics: TermStatistics;
}

/**
 * Routes wire files in order through the in-memory router (the production routing pipeline, with
 * regrouping), as the running router would route them in that order from one provider.
 */
export async function dedupeFiles(files: ReadonlyArray<{ file: string; bytes: Buffer }>, options: OfflineDedupeOptions): Promise<{ lines: DedupeLine[]; refused: string[] }> {
  const index = inMemoryDedupeIndex({ backgroundStatistics: options.backgroundStatistics });
  const pairScores = new PairScoreCache();
  const lines: DedupeLine[] = [];
  const refused: string[] = [];
  const seen = new Map<string, { file: string; headline: string }>();
  for (const { file, bytes } of files) {
    const outcome = parseLocally(bytes, file, { provider: options.provider, receivedAt: options.receivedAt }, options.receivedAt);
    if (!outcome.ok) {
      refused.push(describeRefusal(file, outcome.error));
      continue;
    }
    for (const { article } of outcome.items) {
      const routed = await routeArticle(article, index, { pairScores, receivedAt: options.receivedAt });
      const headline = headlineOf(article);
      seen.set(article.providerItemId, { file, headline });
      lines.push(lineOf(file, article.providerItemId, headline, routed.storyId, routed.decision));
      if (!routed.regrouping) continue;
      for (const move of routed.regrouping.moves) {
        const where = seen.get(move.item.providerItemId);
        lines.push({ file: where?.file ?? '', item: move.item.providerItemId, headline: where?.headline ?? '', storyId: move.to, kind: 'moved', from: move.from, score: move.score });
      }
      await index.regroupings.acknowledgeRegrouping(routed.regrouping.id);
    }
  }
  return { lines, refused };
}

function lineOf(file: string, item: string, headline: string, storyId: string, decision: DedupeDecision): DedupeLine {
  const base = { file, item, headline, storyId, kind: decision.kind };
  switch (decision.kind) {
    case 'new-story':
    case 'same-item':
      return base;
    case 'exact-duplicate':
      return { ...base, of: decision.of.providerItemId };
    case 'near-duplicate':
    case 'same-event':
      return { ...base, of: decision.of.providerItemId, evidence: { total: decision.evidence.total, signals: Object.fromEntries(decision.evidence.signals.map((s) => [s.name, s.score])) } };
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}

function headlineOf(article: Article): string {
  return articleText(article).title.slice(0, 120);
}

export function formatDedupeLine(line: DedupeLine): string {
  const head = `${line.file}  [${line.item}] ${line.headline}\n  → ${line.kind} ${line.storyId}`;
  if (line.kind === 'moved') return `${head} (moved from ${line.from}; mean pair score ${line.score})`;
  const of = line.of === undefined ? '' : ` of [${line.of}]`;
  const evidence = line.evidence === undefined ? '' : `\n    evidence: total ${line.evidence.total}; ${Object.entries(line.evidence.signals).map(([name, score]) => `${name} ${score}`).join(', ')}`;
  return `${head}${of}${evidence}`;
}

export function dedupeCommand(): Command {
  return new Command('dedupe')
    .description('Route wire files, in order, through the in-memory dedupe router and print each decision with its evidence (no server needed)')
    .argument('<file...>', 'wire files (plain text, ninjs, NITF, NewsML-G2)')
    .option('--provider <id>', 'provider id the files come from', 'cli')
    .option('--received-at <iso>', 'reception time (default: now); the date of items that carry none', parseReceivedAt)
    .option('--json', 'one JSON object per line: file, item, headline, storyId, kind, and of / evidence where there are')
    .action(async (files: string[], options: { provider: string; receivedAt?: number; json?: boolean }) => {
      const inputs = files.map((file) => ({ file, bytes: readFileSync(file) }));
      const { lines, refused } = await dedupeFiles(inputs, { provider: options.provider, receivedAt: options.receivedAt ?? Date.now(), backgroundStatistics: loadBackgroundStatistics() });
      for (const line of lines) console.log(options.json ? JSON.stringify(line) : formatDedupeLine(line));
      for (const refusal of refused) console.error(refusal);
      if (refused.length > 0) process.exitCode = 1;
    });
}
