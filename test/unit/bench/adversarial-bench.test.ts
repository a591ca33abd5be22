import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_SHAPES, adversarialBench, formatAdversarialRows, parserSubjects, type SubjectUnderTest } from '../../../services/bench/adversarial-bench.ts';

const sample = [{ headline: 'Talks resume in Geneva', paragraphs: ['GENEVA (Reuters) - Talks resumed on Monday.', 'Delegates met for three hours.'] }];

describe('adversarial-input bench rows', () => {
  it('feeds every shape at every size to each parser and reports time per KB beside the sample copy', () => {
    const subjects = parserSubjects(sample);
    expect(subjects.map((s) => s.name)).toEqual(['plain text', 'ninjs', 'NITF', 'NewsML-G2']);
    const rows = subjects.flatMap((subject) => adversarialBench(subject, { sizes: [1024, 4096], runs: 1 }));
    expect(rows).toHaveLength(4 * ADVERSARIAL_SHAPES.length * 2);
    for (const row of rows) {
      expect(row.msPerKb).toBeGreaterThan(0);
      expect(row.sampleMsPerKb).toBeGreaterThan(0);
    }
    expect(formatAdversarialRows(rows).split('\n')).toHaveLength(rows.length + 1);
  });

  it('takes any other subject under test, such as an enricher', () => {
    const seen: number[] = [];
    const counter: SubjectUnderTest<string> = { name: 'counter', sampleInputs: () => ['abc'], withPayload: (payload) => payload, sizeOf: (input) => input.length, run: (input) => void seen.push(input.length) };
    const rows = adversarialBench(counter, { sizes: [2048], shapes: ADVERSARIAL_SHAPES.slice(0, 1), runs: 1 });
    expect(rows).toMatchObject([{ subject: 'counter', shape: 'unclosed tags' }]);
    expect(seen).toContain(rows[0]!.bytes);
  });
});
