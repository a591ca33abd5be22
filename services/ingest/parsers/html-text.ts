import { Tokenizer } from 'htmlparser2';
import { foldWhitespace } from './text-normalise.ts';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'blockquote',
  'pre', 'section', 'article', 'header', 'footer', 'hr', 'dd', 'dt', 'figure', 'figcaption', 'body', 'hl1', 'hl2',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'head', 'title']);

/**
 * Turns an HTML fragment into plain-text paragraphs: block elements and blank lines separate
 * paragraphs, every tag is dropped, the text is kept, entities are decoded.
 *
 * htmlparser2's tokenizer is a state machine that reads each character once; its tree builder
 * (`Parser`) is not used because it keeps open elements in an array it shifts and searches, which
 * is quadratic on deep nesting. Nothing here needs the tree: only "a block starts or ends here".
 */
export function htmlToParagraphs(html: string): string[] {
  const paragraphs: string[] = [];
  let buffer: string[] = [];
  let skipping: string | null = null;
  let tagName = '';
  let closingTag = false;
  const flush = (): void => {
    for (const piece of buffer.join('').split(/\n[ \t\r]*\n/)) {
      const paragraph = foldWhitespace(piece);
      if (paragraph !== '') paragraphs.push(paragraph);
    }
    buffer = [];
  };
  const localName = (start: number, end: number): string => html.slice(start, end).toLowerCase().replace(/^.*:/, '');
  const tokenizer = new Tokenizer({ decodeEntities: true }, {
    ontext(start, end) {
      if (skipping === null) buffer.push(html.slice(start, end));
    },
    ontextentity(codePoint) {
      if (skipping === null) buffer.push(String.fromCodePoint(codePoint));
    },
    onopentagname(start, end) {
      tagName = localName(start, end);
      closingTag = false;
    },
    onopentagend() {
      openTag(false);
    },
    onselfclosingtag() {
      openTag(true);
    },
    onclosetag(start, end) {
      const name = localName(start, end);
      closingTag = true;
      if (skipping !== null) {
        if (name === skipping) skipping = null;
        return;
      }
      if (BLOCK_TAGS.has(name)) flush();
    },
    oncdata(start, end, offset) {
      if (skipping === null) buffer.push(html.slice(start, end - offset + 1));
    },
    onattribdata() {},
    onattribentity() {},
    onattribend() {},
    onattribname() {},
    oncomment() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {},
  });
  function openTag(selfClosing: boolean): void {
    if (closingTag || skipping !== null) return;
    if (SKIPPED_TAGS.has(tagName) && !selfClosing) {
      skipping = tagName;
      return;
    }
    if (BLOCK_TAGS.has(tagName)) flush();
  }
  tokenizer.write(html);
  tokenizer.end();
  flush();
  return paragraphs;
}

/**
 * Whether text that declares no content type is HTML. `[^<>]*` stops at the next `<`, so the scans
 * from successive `<` never overlap and the test stays linear on an unclosed-tag flood.
 */
export function looksLikeHtml(text: string): boolean {
  return /<\/?(p|div|br|span|a|b|i|em|strong|body|html|h[1-6]|ul|ol|li|table)\b[^<>]*>/i.test(text);
}
