import { describe, expect, it } from 'vitest';
import { articleRef } from '../../../services/domain/story/article-facts.ts';
import { joined, openedWith, received, rejectedCommand, stale, submit, suppressed, withdrawnByProvider } from './story-event-builders.ts';
import { anArticle, anEvidence } from './story-fixtures.ts';
import { given } from './story-spec.ts';

const ap = anArticle();
const reuters = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1' });
const evidence = anEvidence();

describe('an exact duplicate', () => {
  it('from another provider is suppressed with what it duplicated', () => {
    given(openedWith('s1', ap))
      .when(submit('s2', reuters, { kind: 'exact-duplicate', of: articleRef(ap) }))
      .then([received('s2', reuters, 'exact-duplicate'), suppressed('s2', reuters, articleRef(ap))]);
  });

  it('of the same provider under another item id is suppressed too', () => {
    const resent = anArticle({ providerItemId: 'ap-item-9', contentHash: ap.contentHash });
    given(openedWith('s1', ap))
      .when(submit('s2', resent, { kind: 'exact-duplicate', of: articleRef(ap) }))
      .then([received('s2', resent, 'exact-duplicate'), suppressed('s2', resent, articleRef(ap))]);
  });
});

describe('a near-identical re-send', () => {
  it('of a provider\'s own copy under another item id is suppressed as a duplicate, with the evidence', () => {
    const resent = anArticle({ providerItemId: 'ap-item-9', contentHash: 'edited' });
    const ownEvidence = { ...evidence, matchedItem: articleRef(ap) };
    const { state } = given(openedWith('s1', ap))
      .when(submit('s2', resent, { kind: 'near-duplicate', evidence: ownEvidence }))
      .then([received('s2', resent, 'near-duplicate'), suppressed('s2', resent, articleRef(ap), ownEvidence)]);
    expect(state.status === 'open' && state.related).toEqual([]);
  });

  it('of another provider\'s copy joins as related coverage', () => {
    const ownEvidence = { ...evidence, matchedItem: articleRef(ap) };
    given(openedWith('s1', ap))
      .when(submit('s2', reuters, { kind: 'near-duplicate', evidence: ownEvidence }))
      .then([received('s2', reuters, 'near-duplicate'), joined('s2', reuters, ownEvidence)]);
  });
});

describe('a related item from a second provider', () => {
  it('joins the story with the similarity evidence (near duplicate)', () => {
    const { state } = given(openedWith('s1', ap))
      .when(submit('s2', reuters, { kind: 'near-duplicate', evidence }))
      .then([received('s2', reuters, 'near-duplicate'), joined('s2', reuters, evidence)]);
    expect(state).toMatchObject({ status: 'open', related: [{ item: articleRef(reuters), relation: 'NEAR_DUPLICATE', evidence, withdrawn: false }] });
    expect(state.status === 'open' && state.current?.article).toEqual(ap);
  });

  it('joins the story as coverage of the same event', () => {
    given(openedWith('s1', ap))
      .when(submit('s2', reuters, { kind: 'same-event', evidence }))
      .then([received('s2', reuters, 'same-event'), joined('s2', reuters, evidence, 'SAME_EVENT')]);
  });

  it('joins again with its next version, keeping one entry per item', () => {
    const reutersV2 = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1', providerVersion: 2 });
    const { state } = given([...openedWith('s1', ap), received('s2', reuters, 'near-duplicate'), joined('s2', reuters, evidence)])
      .when(submit('s3', reutersV2, { kind: 'same-item' }))
      .then([received('s3', reutersV2), joined('s3', reutersV2, evidence)]);
    expect(state.status === 'open' && state.related.map((r) => r.item.providerVersion)).toEqual([2]);
  });

  it('rejects an older version of the related item as stale', () => {
    const reutersV2 = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1', providerVersion: 2 });
    given([...openedWith('s1', ap), received('s2', reutersV2, 'near-duplicate'), joined('s2', reutersV2, evidence)])
      .when(submit('s3', reuters, { kind: 'near-duplicate', evidence }))
      .then([received('s3', reuters, 'near-duplicate'), stale('s3', reuters, 2)]);
  });

  it('withdrawn by its provider leaves the story standing', () => {
    const reutersKill = anArticle({ providerId: 'reuters', providerItemId: 'rtr-1', providerVersion: 2, signals: ['KILL'] });
    const { state } = given([...openedWith('s1', ap), received('s2', reuters, 'near-duplicate'), joined('s2', reuters, evidence)])
      .when(submit('s3', reutersKill, { kind: 'same-item' }))
      .then([received('s3', reutersKill), withdrawnByProvider('s3', reutersKill)]);
    expect(state).toMatchObject({ status: 'open', related: [{ withdrawn: true }] });
  });
});

describe('an item of another provider routed as the same item', () => {
  it('is rejected: a provider may only amend its own items', () => {
    given(openedWith('s1', ap))
      .when(submit('s2', reuters, { kind: 'same-item' }))
      .then([received('s2', reuters), rejectedCommand('s2', 'SubmitArticle', 'FOREIGN_PROVIDER', articleRef(reuters))]);
  });
});
