import { describe, expect, it } from 'vitest';
import { collapseWhitespace, diffParagraphs, paragraphs, versionChanges } from '../../../services/publish/paragraph-diff.ts';
import { anArticle } from '../domain/story-fixtures.ts';

const body = (value: string, contenttype = 'text/plain') => anArticle({ bodies: [{ role: 'main', contenttype, charcount: null, wordcount: null, value }] });

describe('paragraph diff', () => {
  it('splits text on blank lines and HTML on paragraphs', () => {
    expect(paragraphs(body('One\nstill one.\n\n  Two.  \n\n\nThree.'))).toEqual(['One still one.', 'Two.', 'Three.']);
    expect(paragraphs(body('<p>One.</p><p>Two <b>bold</b>.</p>', 'text/html'))).toEqual(['One.', 'Two bold.']);
  });

  it('collapses whitespace exactly as replacing every run with one space does', () => {
    const alphabet = ['a', 'b', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff', 'é'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join('');
      expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' '));
    }
  });

  it('finds added, removed and changed paragraphs', () => {
    expect(diffParagraphs(['a', 'b', 'c'], ['a', 'B', 'c', 'd'])).toEqual([
      { kind: 'CHANGED', beforeIndex: 1, afterIndex: 1, before: 'b', after: 'B' },
      { kind: 'ADDED', beforeIndex: null, afterIndex: 3, before: null, after: 'd' },
    ]);
    expect(diffParagraphs(['a', 'b', 'c'], ['a', 'c'])).toEqual([{ kind: 'REMOVED', beforeIndex: 1, afterIndex: null, before: 'b', after: null }]);
    expect(diffParagraphs(['a'], ['a'])).toEqual([]);
  });

  it('reports a new lede as one addition, not as every paragraph shifting', () => {
    const changes = diffParagraphs(['intro', 'quote', 'background'], ['new lede', 'intro', 'quote', 'background']);
    expect(changes).toEqual([{ kind: 'ADDED', beforeIndex: null, afterIndex: 0, before: null, after: 'new lede' }]);
  });

  it('compares headlines and names the previous version', () => {
    const v1 = body('Same.');
    const v2 = { ...body('Same.'), providerVersion: 2, headlines: [{ role: 'main', contenttype: 'text/plain', value: 'New headline' }] };
    expect(versionChanges(v1, v2)).toEqual({ previousVersion: 1, headlineBefore: 'Storm hits coast', headlineChanged: true, paragraphs: [] });
  });
});
