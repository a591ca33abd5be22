import { describe, expect, it } from 'vitest';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { tokenise } from '../../../services/dedupe/text-normalise.ts';
import { article } from './articles.ts';
import { MULTILINGUAL_COPY } from './multilingual-copy.ts';

describe('tokenising any script', () => {
  it('keeps letters and digits of every script, folds case and the diacritics of alphabets, cuts unspaced scripts into bigrams', () => {
    expect(tokenise('Café NAÏVE 155,221 rose 6.1%')).toEqual(['cafe', 'naive', '155221', 'rose', '6.1']);
    expect(tokenise('Москва ЁЛКА')).toEqual(['москва', 'елка']);
    expect(tokenise('ΑΘΗΝΑ κόσμος')).toEqual(['αθηνα', 'κοσμοσ']);
    expect(tokenise('مُحَمَّد')).toEqual(['محمد']);
    expect(tokenise('नई दिल्ली')).toEqual(['नई', 'दिल्ली']);
    expect(tokenise('東京都知事 ２０２４年')).toEqual(['東京', '京都', '都知', '知事', '2024', '年']);
    expect(tokenise('Straße Łódź')).toEqual(['strasse', 'łodz']);
  });
});

describe('dedupe on copy in many scripts', () => {
  for (const copy of MULTILINGUAL_COPY) {
    it(`${copy.script}: unrelated stories stay apart; a re-typeset copy is an exact duplicate; an edited copy joins its story`, async () => {
      const index = inMemoryDedupeIndex();
      const stories = copy.stories.map((s, i) => article('wire-a', `a-${i}`, s.headline, s.body));
      const hashes = new Set(stories.map((a) => fingerprintArticle(a).exactHash));
      expect(hashes.size).toBe(stories.length);
      const routes = [];
      for (const a of stories) routes.push(await routeArticle(a, index));
      expect(routes.map((r) => r.decision.kind)).toEqual(stories.map(() => 'new-story'));
      expect(new Set(routes.map((r) => r.storyId)).size).toBe(stories.length);

      const retypeset = await routeArticle(article('wire-b', 'b-1', copy.retypeset.headline, copy.retypeset.body), index);
      expect(retypeset).toMatchObject({ storyId: routes[0]!.storyId, decision: { kind: 'exact-duplicate', of: { providerItemId: 'a-0' } } });
      const edited = await routeArticle(article('wire-c', 'c-1', copy.edited.headline, copy.edited.body), index);
      expect(edited.storyId).toBe(routes[0]!.storyId);
      expect(['near-duplicate', 'same-event']).toContain(edited.decision.kind);
    });
  }
});
