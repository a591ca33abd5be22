import { emptyDraft, type ArticleDraft } from './article-draft.ts';
import { splitDateline } from './dateline.ts';
import { failure, parseError, success, type Outcome } from './parse-error.ts';
import { foldWhitespace, hasControlCharacters } from './text-normalise.ts';

const MAX_LEADING_BLOCKS = 4;
const MAX_HEADLINE_LENGTH = 300;
const EMAIL_HEADER = /^(?:from|to|subject|received|return-path|mime-version|message-id|delivered-to|content-type|date|cc|sender|reply-to|x-[\w-]+):\s/im;

/**
 * Plain-text wire copy: optional headline (and "By" line) blocks, then a paragraph opening with a
 * dateline when there is one (any agency style, see wire-dateline.ts), then blank-line separated
 * paragraphs. The headline is the first line when the text has one before the dateline (or, without
 * a dateline, a short first line on its own); otherwise the article builder derives it from the first sentence.
 */
export function parsePlainText(text: string, referenceTime: number): Outcome<ArticleDraft> {
  if (hasControlCharacters(text)) {
    return failure(parseError('unsupported_format', 'text contains control characters (ANPA 1312 / IPTC 7901 framing or binary data), which is not a supported wire format'));
  }
  const normalised = text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, '');
  if (looksLikeEmail(normalised)) {
    return failure(parseError('unsupported_format', 'text looks like an e-mail message (RFC 5322 headers), not wire copy'));
  }
  const blocks = normalised
    .split(/\n[ \t\u00a0]*\n/)
    .map((block) => block.split('\n').map((line) => foldWhitespace(line)).filter((line) => line !== ''))
    .filter((lines) => lines.length > 0);
  if (blocks.length === 0) return failure(parseError('empty_body', 'the text is empty'));

  for (let index = 0; index < Math.min(blocks.length, MAX_LEADING_BLOCKS); index += 1) {
    const lines = blocks[index] ?? [];
    for (let line = 0; line < Math.min(lines.length, MAX_LEADING_BLOCKS); line += 1) {
      const opening = lines.slice(line).join(' ');
      const split = splitDateline(opening, referenceTime);
      if (!split) continue;
      const leading = [...blocks.slice(0, index).map((block) => block.join(' ')), ...lines.slice(0, line)];
      if (leading.some((heading) => heading.length > MAX_HEADLINE_LENGTH)) break;
      return success(draftFrom(leading, split.dateline, split.rest, blocks.slice(index + 1).map((block) => block.join(' '))));
    }
  }
  return success(undatelined(blocks));
}

/**
 * Copy without a dateline (press releases, advisories, newsroom copy) is welcome too: a short first block
 * of one line before further text is the headline, otherwise the article builder derives one.
 */
function undatelined(blocks: string[][]): ArticleDraft {
  const [first = [], ...others] = blocks;
  const headline = first.length === 1 && others.length > 0 && (first[0] ?? '').length <= MAX_HEADLINE_LENGTH && !/[.!?…]["”»]?$/u.test(first[0] ?? '');
  const byline = headline && /^By\s+\S/i.test(others[0]?.[0] ?? '') && others[0]?.length === 1 ? (others[0]?.[0] ?? null) : null;
  const body = (headline ? others.slice(byline === null ? 0 : 1) : blocks).map((block) => block.join(' '));
  const [opening = '', ...rest] = body;
  return draftFrom(headline ? [first[0] ?? '', ...(byline === null ? [] : [byline])] : [], null, opening, rest);
}

function draftFrom(leading: string[], dateline: ArticleDraft['located'], opening: string, rest: string[]): ArticleDraft {
  const draft = emptyDraft();
  const bylines = leading.filter((line) => /^By\s+\S/i.test(line));
  const headings = leading.filter((line) => !/^By\s+\S/i.test(line));
  draft.headlines = headings.map((value, index) => ({ role: index === 0 ? 'main' : 'sub', contenttype: 'text/plain', value }));
  draft.byline = bylines.length > 0 ? bylines.join('; ') : null;
  draft.located = dateline;
  draft.paragraphs = [opening, ...rest];
  return draft;
}

function looksLikeEmail(text: string): boolean {
  const head = text.slice(0, 2000).split('\n\n')[0] ?? '';
  const headers = head.split('\n').filter((line) => EMAIL_HEADER.test(line));
  return headers.length >= 2;
}
