import { describe, expect, it } from 'vitest';
import { dedupeFiles, formatDedupeLine } from '../../../services/cli/commands/dedupe-command.ts';
import { loadBackgroundStatistics } from '../../../services/dedupe/background-statistics.ts';
import { MULTILINGUAL_COPY } from './multilingual-copy.ts';

const backgroundStatistics = loadBackgroundStatistics();

const ninjs = (uri: string, headline: string, body: string): Buffer =>
  Buffer.from(JSON.stringify({ uri, type: 'text', headline, body_text: body, versioncreated: '2024-03-04T10:00:00Z' }));

describe('storyline dedupe <file>... (offline routing)', () => {
  it('routes files in order and says why: distinct stories in every script stay apart, a re-typeset copy is an exact duplicate', async () => {
    const files = MULTILINGUAL_COPY.flatMap((copy, c) => [
      ...copy.stories.map((s, i) => ({ file: `${c}-${i}.json`, bytes: ninjs(`s-${c}-${i}`, s.headline, s.body) })),
      { file: `${c}-copy.json`, bytes: ninjs(`s-${c}-copy`, copy.retypeset.headline, copy.retypeset.body) },
    ]);
    const { lines, refused } = await dedupeFiles(files, { provider: 'cli', receivedAt: Date.parse('2024-03-04T12:00:00Z'), backgroundStatistics });
    expect(refused).toEqual([]);
    const originals = lines.filter((l) => !l.file.endsWith('-copy.json'));
    expect(originals.map((l) => l.kind)).toEqual(originals.map(() => 'new-story'));
    expect(new Set(originals.map((l) => l.storyId)).size).toBe(originals.length);
    MULTILINGUAL_COPY.forEach((_, c) => {
      const copy = lines.find((l) => l.file === `${c}-copy.json`)!;
      expect(copy).toMatchObject({ kind: 'exact-duplicate', storyId: lines.find((l) => l.file === `${c}-0.json`)!.storyId });
    });
    const printed = JSON.parse(JSON.stringify(lines[0])) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(expect.arrayContaining(['file', 'storyId', 'kind']));
  });

  it('prints the evidence of a join', async () => {
    const [copy] = MULTILINGUAL_COPY;
    const { lines } = await dedupeFiles(
      [
        { file: 'a.json', bytes: ninjs('a', copy!.stories[0]!.headline, copy!.stories[0]!.body) },
        { file: 'b.json', bytes: ninjs('b', copy!.edited.headline, copy!.edited.body) },
      ],
      { provider: 'cli', receivedAt: Date.parse('2024-03-04T12:00:00Z'), backgroundStatistics },
    );
    expect(lines[1]).toMatchObject({ file: 'b.json', storyId: lines[0]!.storyId, of: 'a', evidence: { total: expect.any(Number) } });
    expect(formatDedupeLine(lines[1]!)).toMatch(/→ (near-duplicate|same-event) st-[0-9a-f]+ of \[a\]\n {4}evidence: total [\d.]+; minhash-jaccard/);
  });
});
