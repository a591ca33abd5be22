import type { Article } from '../../../services/contracts/types.generated.ts';
import { parseItem, type ParseInput, type ParseResult } from '../../../services/ingest/parsers/index.ts';

export const RECEIVED_AT = Date.UTC(2022, 0, 22, 12, 0, 0);

export function input(text: string | Buffer, contentType?: string): ParseInput {
  return {
    bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    ...(contentType === undefined ? {} : { contentType }),
    provider: { id: 'acme', name: 'Acme Wire' },
    submissionId: 'sub-1',
    receivedAt: RECEIVED_AT,
  };
}

export function parsed(text: string | Buffer, contentType?: string): Article {
  const result = parseItem(input(text, contentType));
  if (!result.ok) throw new Error(`expected an article, got ${result.error.code}: ${result.error.message}`);
  return result.article;
}

export function refused(text: string | Buffer, contentType?: string): Extract<ParseResult, { ok: false }>['error'] {
  const result = parseItem(input(text, contentType));
  if (result.ok) throw new Error(`expected a refusal, got an article: ${result.article.headlines[0]?.value}`);
  return result.error;
}

export function paragraphs(article: Article): string[] {
  return (article.bodies[0]?.value ?? '').split('\n\n');
}
