import type { Article } from '../contracts/types.generated.ts';

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML or XHTML body as plain text: block ends become blank lines, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|blockquote|pre|tr)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text that enrichment offsets point into: the main body (the first if none is marked main), as plain text. */
export function articleText(article: Article): string {
  const body = article.bodies.find((b) => b.role === 'main') ?? article.bodies[0];
  if (!body) return '';
  return /html|xml/i.test(body.contenttype) ? htmlToText(body.value) : body.value;
}

export function mainHeadline(article: Article): string {
  return (article.headlines.find((h) => h.role === 'main') ?? article.headlines[0])?.value ?? '';
}
