import { foldWhitespace } from './text-normalise.ts';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'blockquote',
  'pre', 'section', 'article', 'header', 'footer', 'hr', 'dd', 'dt', 'figure', 'figcaption', 'body', 'hl1', 'hl2',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'head', 'title']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™',
  euro: '€', pound: '£', deg: '°', middot: '·', bull: '•', shy: '', zwnj: '', zwj: '', eacute: 'é',
  egrave: 'è', aacute: 'á', agrave: 'à', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', aring: 'å', Aring: 'Å',
  oslash: 'ø', Oslash: 'Ø', aelig: 'æ', AElig: 'Æ', Eacute: 'É',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const codePoint = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)
        ? String.fromCodePoint(codePoint)
        : whole;
    }
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

/**
 * Turns an HTML fragment into plain-text paragraphs: block elements and blank lines separate
 * paragraphs, every tag is dropped, the text is kept. A linear scan rather than regular expressions
 * so hostile markup cannot make it backtrack.
 */
export function htmlToParagraphs(html: string): string[] {
  const pieces: string[] = [];
  let skipping: string | null = null;
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    if (open === -1) {
      if (skipping === null) pieces.push(html.slice(index));
      break;
    }
    if (skipping === null) pieces.push(html.slice(index, open));
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    const close = html.indexOf('>', open + 1);
    if (close === -1) {
      if (skipping === null) pieces.push(html.slice(open));
      break;
    }
    const tag = /^<\s*(\/?)\s*([a-zA-Z][\w.:-]*)/.exec(html.slice(open, Math.min(close + 1, open + 64)));
    index = close + 1;
    if (!tag) continue;
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase().replace(/^.*:/, '');
    if (skipping !== null) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (SKIPPED_TAGS.has(name) && !closing && !html.slice(open, close).endsWith('/')) {
      skipping = name;
      continue;
    }
    if (BLOCK_TAGS.has(name)) pieces.push('\n\n');
  }
  return decodeHtmlEntities(pieces.join(''))
    .split(/\n\s*\n/)
    .map(foldWhitespace)
    .filter((paragraph) => paragraph.length > 0);
}

export function looksLikeHtml(text: string): boolean {
  return /<\/?(p|div|br|span|a|b|i|em|strong|body|html|h[1-6]|ul|ol|li|table)\b[^>]*>/i.test(text);
}
