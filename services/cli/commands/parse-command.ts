import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { formatCorpusCounts, reportCorpus } from '../../ingest/parsers/corpus-report.ts';
import { parseItems, type ParseError } from '../../ingest/parsers/index.ts';
import { itemsToAccept, type ItemsToAccept } from '../../ingest/submission/accept-submission.ts';

type ParsedItems = Extract<ItemsToAccept, { ok: true }>['items'];

export interface ParseOptions {
  readonly contentType?: string;
  readonly provider: string;
  readonly receivedAt?: number;
  readonly report?: string;
}

/** Parses a file as ingest would (same parsers, same rule for multi-item documents), with no server. */
export function parseLocally(bytes: Buffer, file: string, options: ParseOptions, now: number): ItemsToAccept {
  const results = parseItems({
    bytes,
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
    provider: { id: options.provider, name: null },
    submissionId: `parse:${file}`,
    receivedAt: options.receivedAt ?? now,
  });
  return itemsToAccept(results);
}

/**
 * Reads and parses a wire file for a command that prints something of each item; on a refusal it
 * prints why and sets exit code 1, and answers null.
 */
export function parseFileOrReport(file: string, options: ParseOptions): ParsedItems | null {
  const outcome = parseLocally(readFileSync(file), file, options, Date.now());
  if (outcome.ok) return outcome.items;
  console.error(describeRefusal(file, outcome.error));
  process.exitCode = 1;
  return null;
}

export function describeRefusal(file: string, error: ParseError): string {
  const where = [error.field && `field ${error.field}`, error.line && `line ${error.line}${error.column ? `:${error.column}` : ''}`].filter(Boolean).join(', ');
  return `${file}: ${error.code}: ${error.message}${where ? ` (${where})` : ''}`;
}

export function parseReceivedAt(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO 8601 date-time');
  return ms;
}

/** Articles carry no binary fields, but a Buffer (or bigint) must never crash the printer. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

export function parseCommand(): Command {
  return new Command('parse')
    .description('Parse a wire file as ingest would and print the normalized article as JSON (no server needed)')
    .argument('[file]', 'the wire file (plain text, ninjs, NITF, NewsML-G2)')
    .option('--content-type <type>', 'the Content-Type a producer would send (default: sniffed from the bytes)')
    .option('--provider <id>', 'provider id recorded in the article', 'cli')
    .option('--received-at <iso>', 'reception time (default: now); the date of items that carry none', parseReceivedAt)
    .option('--report <dir>', 'instead of one file: parse every file under <dir> and print counts per format')
    .action((file: string | undefined, options: ParseOptions) => {
      if (options.report !== undefined) {
        if (file !== undefined) throw new InvalidArgumentError('give either <file> or --report <dir>, not both');
        console.log(formatCorpusCounts(reportCorpus(options.report, options.receivedAt ?? Date.now())));
        return;
      }
      if (file === undefined) throw new InvalidArgumentError('missing <file> (or --report <dir>)');
      const items = parseFileOrReport(file, options);
      if (!items) return;
      const articles = items.map((item) => item.article);
      console.log(toJson(articles.length === 1 ? articles[0] : articles));
    });
}
