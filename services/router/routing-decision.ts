import type { Article, ArticleRef } from '../contracts/types.generated.ts';
import type { ItemRef } from '../dedupe/fingerprint.ts';
import type { DedupeDecision, Evidence } from '../dedupe/match-policy.ts';
import type { RoutingDecision } from '../domain/story/index.ts';

function refOf(item: ItemRef, contentHash: string): ArticleRef {
  return { uri: `storyline:item:${item.providerId}:${item.providerItemId}`, providerId: item.providerId, providerItemId: item.providerItemId, providerVersion: item.providerVersion, contentHash };
}

function evidenceOf(evidence: Evidence, of: ItemRef, article: Article) {
  return { signals: evidence.signals.map((s) => ({ name: s.name, score: s.score })), total: evidence.total, matchedItem: refOf(of, article.contentHash) };
}

/** The dedupe verdict in the story domain's terms, with the evidence it carries into the event log. */
export function toRoutingDecision(decision: DedupeDecision, article: Article): RoutingDecision {
  switch (decision.kind) {
    case 'new-story':
      return { kind: 'new-story' };
    case 'same-item':
      return { kind: 'same-item' };
    case 'exact-duplicate':
      // Exact means the same normalised text, so the incoming hash is the original's too.
      return { kind: 'exact-duplicate', of: refOf(decision.of, article.contentHash) };
    case 'near-duplicate':
      return { kind: 'near-duplicate', evidence: evidenceOf(decision.evidence, decision.of, article) };
    case 'same-event':
      return { kind: 'same-event', evidence: evidenceOf(decision.evidence, decision.of, article) };
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}
