import { describe, expect, it } from 'vitest';
import { buildNameLexicon } from '../../../services/enrich/entities/name-lexicon.ts';
import { POOLED_COPY_PREFIX, trainNerOnDocuments, withPooledCopies } from '../../../services/enrich/training/train-ner.ts';

const own = [{ sentences: [{ tokens: ['Anna', 'wohnt', 'in', 'Berlin', '.'], tags: ['B-PER', 'O', 'O', 'B-LOC', 'O'] }] }];
const pooled = [{ sentences: [{ tokens: ['Juan', 'vive', 'en', 'Madrid', '.'], tags: ['B-PER', 'O', 'O', 'B-LOC', 'O'] }] }];

describe('pooled examples with copies of their features', () => {
  it('gives every pooled feature a prefixed copy', () => {
    const [example] = withPooledCopies([{ words: ['Madrid'], gold: [5], features: [['b', 'w=Madrid']] }]);
    expect(example?.features).toEqual([['b', 'w=Madrid', `${POOLED_COPY_PREFIX}b`, `${POOLED_COPY_PREFIX}w=Madrid`]]);
  });

  it('trains on the copies but leaves them out of the model; without them the pooled sets train as before', () => {
    const lexicon = buildNameLexicon([]);
    const options = { epochs: 2, seed: 7, minCount: 1, lexicon };
    const copied = trainNerOnDocuments(own, { ...options, pooled, pooledCopies: true });
    expect(copied.features.some((f) => f.startsWith(POOLED_COPY_PREFIX))).toBe(false);
    expect(copied.features).toContain('w=Madrid');
    expect(trainNerOnDocuments(own, { ...options, pooled })).toEqual(trainNerOnDocuments([...own, ...pooled], options));
  });
});
