import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Article } from '../../services/contracts/types.generated.ts';
import { parseItem } from '../../services/ingest/parsers/index.ts';

export const SEED_PATH = new URL('../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url);
export const seedBytes = (): Buffer => readFileSync(SEED_PATH);

/** The seed article as a provider would have it parsed, with a unique item id per test run. */
export function seedArticle(providerId: string, itemId: string, submissionId = `sub-${itemId}`): Article {
  const parsed = parseItem({ bytes: seedBytes(), contentType: 'text/plain', provider: { id: providerId, name: providerId }, submissionId, receivedAt: Date.UTC(2022, 0, 22, 12) });
  if (!parsed.ok) throw new Error(`seed did not parse: ${parsed.error.message}`);
  return { ...parsed.article, providerItemId: itemId, uri: `storyline:item:${providerId}:${itemId}` };
}

/** A later version of the same item with an edited body (a write-thru). */
export function revised(article: Article, version: number, edit: (body: string) => string, extra: Partial<Article> = {}): Article {
  const body = edit(article.bodies[0]!.value);
  return {
    ...article,
    ...extra,
    version: String(version),
    providerVersion: version,
    versioncreated: article.versioncreated + version * 60_000,
    bodies: [{ ...article.bodies[0]!, value: body }],
    contentHash: createHash('sha256').update(body).digest('hex'),
    raw: { ...article.raw, submissionId: `${article.raw.submissionId}-v${version}` },
  };
}
