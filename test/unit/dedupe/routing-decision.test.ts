import { describe, expect, it } from 'vitest';
import type { Article } from '../../../services/contracts/types.generated.ts';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';
import { toRoutingDecision } from '../../../services/router/routing-decision.ts';

const BODY =
  'IQUIQUE, Chile, March 4 (Wire) - A magnitude 6.8 earthquake struck near the port city of Iquique in northern Chile on Monday, ' +
  'the emergency office Onemi said. Residents of Iquique and Arica fled to higher ground after a tsunami warning. ' +
  'Onemi reported two deaths and damage to roads around Iquique.';

function parsed(provider: string, text: string): Article {
  const result = parseItem({ bytes: Buffer.from(text), contentType: 'text/plain', provider: { id: provider, name: provider }, submissionId: `sub-${provider}`, receivedAt: Date.UTC(2024, 2, 4, 10) });
  if (!result.ok) throw new Error(result.error.message);
  return result.article;
}

describe('the routing decision recorded in the event log', () => {
  const original = parsed('wire-a', `Strong earthquake shakes northern Chile\n\n${BODY}`);
  // Same words, other typography: an exact duplicate in dedupe's terms, another content hash in the log's.
  const copy = parsed('wire-b', `STRONG EARTHQUAKE SHAKES NORTHERN CHILE\n\n${BODY.replace('Onemi said.', 'Onemi  said .')}`);
  const edited = parsed('wire-c', `Strong earthquake shakes northern Chile\n\n${BODY.replace('two deaths', 'two people dead')}`);

  it('names the matched item with its own content hash, not the incoming article’s', async () => {
    const index = inMemoryDedupeIndex();
    await routeArticle(original, index);
    expect(copy.contentHash).not.toBe(original.contentHash);
    const exact = toRoutingDecision((await routeArticle(copy, index)).decision);
    expect(exact).toEqual({ kind: 'exact-duplicate', of: { uri: original.uri, providerId: 'wire-a', providerItemId: original.providerItemId, providerVersion: 1, contentHash: original.contentHash } });
    const near = toRoutingDecision((await routeArticle(edited, index)).decision);
    expect(near.kind).toBe('near-duplicate');
    if (near.kind !== 'near-duplicate') return;
    expect(near.evidence.matchedItem).toEqual({ uri: original.uri, providerId: 'wire-a', providerItemId: original.providerItemId, providerVersion: 1, contentHash: original.contentHash });
  });
});
