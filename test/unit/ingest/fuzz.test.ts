import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseFormat, PARSE_ERROR_CODES, parseItems } from '../../../services/ingest/parsers/index.ts';
import { splitDateline } from '../../../services/ingest/parsers/dateline.ts';
import { htmlToParagraphs } from '../../../services/ingest/parsers/html-text.ts';
import { input } from './support.ts';

const CONTENT_TYPES = [undefined, 'text/plain', 'application/json', 'application/nitf+xml', 'text/xml', 'application/vnd.iptc.g2.newsitem+xml', 'application/octet-stream'];

const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom('<nitf>', '</nitf>', '<newsItem guid="g">', '</newsItem>', '<p>', '</p>', '<body.content>', '</body.content>', '<hl1>', '</hl1>',
        '<!DOCTYPE x>', '<!--', '-->', '&amp;', '&lol;', '<![CDATA[', ']]>', '<contentSet><inlineXML>', '</inlineXML></contentSet>', 'GENEVA (AP) — '),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const jsonish = fc.oneof(
  fc.json(),
  fc.record({
    uri: fc.oneof(fc.string(), fc.integer()),
    version: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    headline: fc.string(),
    body_html: fc.string(),
    versioncreated: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
    type: fc.constantFrom('text', 'picture', 'x'),
  }).map((item) => JSON.stringify(item)),
);

const textish = fc
  .array(fc.oneof(fc.constantFrom('date 2022-01-22 GENEVA – ', 'LONDON, March 3 (Reuters) - ', 'WASHINGTON -- ', '\n\n', '\n', 'contributed.', 'By X\n'), fc.string({ maxLength: 30 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

function assertSettled(bytes: Uint8Array | string, contentType: string | undefined): void {
  const results = parseItems(input(typeof bytes === 'string' ? bytes : Buffer.from(bytes), contentType));
  expect(results.length).toBeGreaterThan(0);
  for (const result of results) {
    if (result.ok) {
      expect(result.article.headlines[0]?.value).toBeTruthy();
      expect(result.article.bodies[0]?.value).toBeTruthy();
    } else {
      expect(PARSE_ERROR_CODES).toContain(result.error.code);
      expect(result.error.message).toBeTruthy();
    }
  }
}

describe('fuzzing: every parser returns an article or a coded refusal, never throws', () => {
  it('a body of one full stop still gets a headline (found by this fuzzer)', () => {
    assertSettled('.', undefined);
  });

  it('arbitrary bytes under every content type', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...CONTENT_TYPES), (bytes, type) => assertSettled(bytes, type)), { numRuns: 300 });
  });

  it('XML-ish input (NITF and NewsML-G2)', () => {
    fc.assert(fc.property(xmlish, fc.constantFrom(undefined, 'application/nitf+xml', 'application/vnd.iptc.g2.newsitem+xml', 'text/xml'), (text, type) => assertSettled(text, type)), { numRuns: 300 });
  });

  it('JSON-ish input (ninjs)', () => {
    fc.assert(fc.property(jsonish, (text) => assertSettled(text, 'application/json')), { numRuns: 300 });
  });

  it('dateline-ish plain text', () => {
    fc.assert(fc.property(textish, (text) => assertSettled(text, 'text/plain')), { numRuns: 300 });
  });

  it('the sniffer always decides', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (bytes, type) => {
        const choice = chooseFormat(bytes, type);
        expect(['parse', 'refuse']).toContain(choice.kind);
      }),
      { numRuns: 500 },
    );
  });

  it('does not hang on pathological input', () => {
    const started = performance.now();
    assertSettled(`${'<p>'.repeat(20_000)}`, 'application/nitf+xml');
    assertSettled(`${'GENEVA '.repeat(20_000)}— x`, 'text/plain');
    assertSettled(`${'A'.repeat(200_000)}\n`.repeat(5), 'text/plain');
    assertSettled(`<nitf><body><body.content>${'<p>x</p>'.repeat(20_000)}</body.content></body></nitf>`, 'application/nitf+xml');
    expect(splitDateline(`${'A '.repeat(50_000)}(AP) — x`, 0)).toBeNull();
    expect(htmlToParagraphs('<'.repeat(50_000))).toBeDefined();
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
