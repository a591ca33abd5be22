import { describe, it } from 'vitest';
import type { ReparseArticle } from '../../../services/domain/story/story-commands.ts';
import type { Article } from '../../../services/contracts/types.generated.ts';
import { accepted, joined, killedBy, openedWith, published, rejectedCommand, stale, updatedWith } from './story-event-builders.ts';
import { anArticle, anEvidence } from './story-fixtures.ts';
import { given } from './story-spec.ts';

const v1 = anArticle({ providerVersion: 1 });
const v2 = anArticle({ providerVersion: 2 });
const reparse = (signalId: string, article: Article): ReparseArticle => ({ type: 'ReparseArticle', signalId, article });
const fixed = (article: Article): Article => ({ ...article, bodies: [{ ...article.bodies[0]!, value: 'A storm hit the coast on Tuesday. Thousands lost power.' }], contentHash: `${article.contentHash}-fixed` });
const other = anArticle({ providerId: 'afp', providerItemId: 'afp-1' });

describe('a re-parse (storyline replay parse)', () => {
  it('makes a changed latest version of the own item a new public version of the same provider version', () => {
    given(openedWith('s1', v1))
      .when(reparse('r1', fixed(v1)))
      .then([accepted('r1', fixed(v1), 1), published('r1', fixed(v1))]);
  });

  it('changes nothing when the text is the same, and records a superseded version as stale', () => {
    given(openedWith('s1', v1)).when(reparse('r1', v1)).thenNothing();
    given([...openedWith('s1', v1), ...updatedWith('s2', v2, 1)])
      .when(reparse('r1', fixed(v1)))
      .then([stale('r1', fixed(v1), 2)]);
  });

  it('joins a related item again with its new text, under the relation it had; an unknown item is rejected, never routed', () => {
    const evidence = anEvidence();
    given([...openedWith('s1', v1), joined('j1', other, evidence)])
      .when(reparse('r1', fixed(other)))
      .then([joined('r1', fixed(other), evidence)]);
    const stranger = anArticle({ providerId: 'dpa', providerItemId: 'dpa-1' });
    given(openedWith('s1', v1)).when(reparse('r1', stranger)).then([rejectedCommand('r1', 'ReparseArticle', 'UNKNOWN_ITEM', { providerId: 'dpa', providerItemId: 'dpa-1', providerVersion: 1, uri: stranger.uri, contentHash: stranger.contentHash })]);
  });

  it('never resurrects a killed story', () => {
    const kill = anArticle({ providerVersion: 2, signals: ['KILL'] });
    given([...openedWith('s1', v1), killedBy('k1', kill)])
      .when(reparse('r1', fixed(v1)))
      .then([rejectedCommand('r1', 'ReparseArticle', 'STORY_KILLED', { providerId: 'ap', providerItemId: 'ap-item-1', providerVersion: 1, uri: v1.uri, contentHash: `${v1.contentHash}-fixed` })]);
  });
});
