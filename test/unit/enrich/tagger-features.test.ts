import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentPassFeatures } from '../../../services/enrich/entities/document-pass.ts';
import { documentStats, historyFeatures, sentenceFeatures, type DocumentStats } from '../../../services/enrich/entities/features.ts';
import { allowed, tagDocument } from '../../../services/enrich/entities/tagger.ts';
import type { NameLexicon } from '../../../services/enrich/entities/name-lexicon.ts';
import type { NerModel } from '../../../services/enrich/entities/ner-model.ts';
import { loadEnrichmentModels } from '../../../services/enrich/load-models.ts';
import { paragraphs, sentences } from '../../../services/enrich/segmentation.ts';
import { normalizeToken, tokenize } from '../../../services/enrich/tokenize.ts';

const SEED = readFileSync(new URL('../../fixtures/wire/geneva-talks-2022-01-22.txt', import.meta.url), 'utf8');

describe('the decoder and the training-time feature functions', () => {
  const models = loadEnrichmentModels();

  it('choose the same tags: the cached lookups add exactly the rows the features name', () => {
    const words = sentences(SEED, paragraphs(SEED)).map((s) => tokenize(SEED.slice(s.start, s.end)).map((t) => normalizeToken(t.text)));
    // Odd tokens too: a '|' cannot be looked up by parts, an all-caps sentence has its own features.
    words.push(['GENEVA', 'TALKS', 'END', 'a|b', 'IN', 'DEADLOCK'], ['Lavrov', 'met', 'Blinken', 'in', 'Geneva', '.']);
    expect(models.ner.documentPass).toBeDefined();
    expectSameTags(models.ner, models.lexicon, words);
  }, 60_000);

  it('choose the same tags with a language tagger whose lexicon has trained names and declined places', () => {
    const ru = models.taggers.get('ru');
    expect(ru?.lexicon.trainedNames?.size).toBeGreaterThan(1000);
    const words = [
      ['Представители', 'Microsoft', 'и', 'Bundesbank', 'встретились', 'в', 'Москве', '.'],
      ['Сергей', 'Лавров', 'прилетел', 'в', 'Женеву', 'из', 'Южной', 'Кореи', '.'],
    ];
    if (!ru) return;
    expect(sentenceFeatures(words[0] ?? [], documentStats(words), ru.lexicon)[1]).toContain('tn=ORG:B');
    expectSameTags(ru.model, ru.lexicon, words);
  }, 60_000);
});

function expectSameTags(ner: NerModel, lexicon: NameLexicon, words: string[][]): void {
  const doc = documentStats(words);
  const firstPass = referenceTags(ner, lexicon, words, doc, []);
  const reference = ner.documentPass ? referenceTags(ner.documentPass, lexicon, words, doc, documentPassFeatures(words, firstPass)) : firstPass;
  expect(tagDocument(ner, words, lexicon)).toEqual(reference);
}

/** Tags chosen from the features as the training code names them, with `extra` features per token (the document pass's). */
function referenceTags(ner: NerModel, lexicon: NameLexicon, words: string[][], doc: DocumentStats, extra: string[][][]): string[][] {
  return words.map((sentence, s) => {
    const features = sentenceFeatures(sentence, doc, lexicon);
    const tags: string[] = [];
    sentence.forEach((word, i) => {
      const prev1 = tags[i - 1] ?? '<s>';
      const scores = ner.tags.map(() => 0);
      for (const feature of [...(features[i] ?? []), ...historyFeatures(prev1, tags[i - 2] ?? '<s>', word), ...(extra[s]?.[i] ?? [])]) {
        ner.weights.get(feature)?.forEach((w, t) => (scores[t] = (scores[t] ?? 0) + w));
      }
      let best = -1;
      scores.forEach((score, t) => {
        if (allowed(prev1, ner.tags[t] ?? 'O') && (best < 0 || score > (scores[best] ?? 0))) best = t;
      });
      tags.push(ner.tags[best] ?? 'O');
    });
    return tags;
  });
}
