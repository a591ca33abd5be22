import type { Article, ArticleRef, KillCause } from '../../contracts/types.generated.ts';
import type { ItemKey } from './story-state.ts';

export function articleRef(article: Article): ArticleRef {
  return {
    uri: article.uri,
    providerId: article.provider.id,
    providerItemId: article.providerItemId,
    providerVersion: article.providerVersion,
    contentHash: article.contentHash,
  };
}

export function itemKey(article: Article): ItemKey {
  return { providerId: article.provider.id, providerItemId: article.providerItemId };
}

/** The provider withdrew the item, by signal or by ninjs pubstatus. */
export function killCause(article: Article): KillCause | null {
  if (article.signals.includes('KILL')) return 'KILL_SIGNAL';
  if (article.pubstatus === 'canceled') return 'PUBSTATUS_CANCELED';
  return null;
}

export function isCorrection(article: Article): boolean {
  return article.signals.includes('CORRECTION');
}

export function isUnderEmbargo(article: Article, now: number): article is Article & { embargoed: number } {
  return article.embargoed !== null && article.embargoed > now;
}
