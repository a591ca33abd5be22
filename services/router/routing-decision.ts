import { itemUri } from '../contracts/item-uri.ts';
import type { ArticleRef } from '../contracts/types.generated.ts';
import type { ItemRef } from '../dedupe/fingerprint.ts';
import type { DedupeDecision, Evidence } from '../dedupe/match-policy.ts';
import type { RoutingDecision } from '../domain/story/index.ts';

/**
 * The matched item as the event log names it, with its own content hash (kept in its fingerprint).
 * Every entry of the current index version carries one; an empty hash would mean an entry without it.
 */
function refOf(item: ItemRef): ArticleRef {
  return { uri: itemUri(item.providerId, item.providerItemId), providerId: item.providerId, providerItemId: item.providerItemId, providerVersion: item.providerVersion, contentHash: item.contentHash ?? '' };
}

function evidenceOf(evidence: Evidence, of: ItemRef) {
  return { signals: evidence.signals.map((s) => ({ name: s.name, score: s.score })), total: evidence.total, matchedItem: refOf(of) };
}

/** The dedupe verdict in the story domain's terms, with the evidence it carries into the event log. */
export function toRoutingDecision(decision: DedupeDecision): RoutingDecision {
  switch (decision.kind) {
    case 'new-story':
      return { kind: 'new-story' };
    case 'same-item':
      return { kind: 'same-item' };
    case 'exact-duplicate':
      return { kind: 'exact-duplicate', of: refOf(decision.of) };
    case 'near-duplicate':
      return { kind: 'near-duplicate', evidence: evidenceOf(decision.evidence, decision.of) };
    case 'same-event':
      return { kind: 'same-event', evidence: evidenceOf(decision.evidence, decision.of) };
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}
