import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PARSE_ERROR_CODES, parseItems, type ParseResult } from '../../../services/ingest/parsers/index.ts';
import { htmlToParagraphs } from '../../../services/ingest/parsers/html-text.ts';
import { forbiddenCharacter } from '../../../services/ingest/parsers/text-policy.ts';
import { input, parsed, RECEIVED_AT, refused } from './support.ts';

/**
 * Hostile and unusual input (issue 12): each defect found in review as a table case, and properties
 * over generated input. Every outcome is an article or a coded refusal; the classes are counted and
 * printed at the end so a change in what gets refused shows in the test output.
 */
const outcomes = new Map<string, number>();
let cases = 0;
function classify(results: readonly ParseResult[]): ParseResult[] {
  cases += 1;
  for (const result of results) {
    const outcome = result.ok ? 'article' : result.error.code;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return [...results];
}
function parseAll(text: string | Buffer, contentType?: string): ParseResult[] {
  return classify(parseItems(input(text, contentType)));
}
function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

afterAll(() => {
  const classes = [...outcomes.entries()].sort((a, b) => b[1] - a[1]).map(([outcome, count]) => `${outcome} ${count}`);
  console.log(`hostile-input suite: ${cases} documents parsed; outcome classes: ${classes.join(', ')}`);
});

const NINJS = 'application/ninjs+json';
const DATELINE = 'GENEVA (Reuters) - Talks resumed on Monday.';

describe('stalls: parsing stays linear and never overflows the stack', () => {
  it('a 400 KB ninjs body of unclosed HTML-like tags parses in well under a second per 100 KB (was 31 s)', () => {
    const body = `${DATELINE} ${'<p class="x" '.repeat(Math.ceil((400 * 1024) / 13))}`;
    const { value, ms } = timed(() => parseAll(JSON.stringify({ uri: 'u', headline: 'H', bodies: [{ value: body }] }), NINJS));
    expect(value[0]?.ok).toBe(true);
    expect(ms).toBeLessThan(8_000);
  }, 60_000);

  it.each([
    ['NITF', (p: string) => `<nitf><head><docdata><doc-id id-string="x"/></docdata></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content><p>${DATELINE}</p>${p}</body.content></body></nitf>`, 'application/nitf+xml'],
    ['NewsML-G2', (p: string) => `<newsItem guid="g"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>H</headline></contentMeta><contentSet><inlineXML><html><body><p>${DATELINE}</p>${p}</body></html></inlineXML></contentSet></newsItem>`, 'application/vnd.iptc.g2.newsitem+xml'],
    ['ninjs body_html', (p: string) => JSON.stringify({ uri: 'u', headline: 'H', body_html: `<p>${DATELINE}</p>${p}` }), NINJS],
  ])('%s with 125,000 sibling <p> elements parses (was: Maximum call stack size exceeded)', (_format, document, contentType) => {
    const [result] = parseAll(document('<p>a</p>'.repeat(125_000)), contentType);
    expect(result?.ok ? result.article.bodies[0]?.value.split('\n\n').length : result?.error).toBe(125_001);
  }, 60_000);

  it('deep nesting, unclosed tags and comment floods in HTML bodies', () => {
    for (const flood of ['<div>'.repeat(100_000), '<b><i>'.repeat(50_000), '<'.repeat(200_000), '<!--'.repeat(50_000), '<p a="'.repeat(30_000), '&#'.repeat(100_000), '</p>'.repeat(100_000)]) {
      const { value, ms } = timed(() => htmlToParagraphs(`<p>x</p>${flood}<p>y</p>`));
      expect(value[0]).toBe('x');
      expect(ms).toBeLessThan(5_000);
    }
  }, 60_000);
});

describe('withdrawals without a body', () => {
  it.each([
    ['ninjs pubstatus canceled', JSON.stringify({ uri: 'u', version: 2, pubstatus: 'canceled', headline: 'Talks story withdrawn' }), NINJS],
    ['ninjs canceled, no headline either', JSON.stringify({ uri: 'u', version: 2, pubstatus: 'canceled' }), NINJS],
    ['NITF management-status canceled', '<nitf><head><docdata management-status="canceled"><doc-id id-string="x"/></docdata></head><body><body.head><hedline><hl1>Gone</hl1></hedline></body.head></body></nitf>', 'application/nitf+xml'],
    ['NewsML-G2 pubStatus canceled', '<newsItem guid="g" version="2"><itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:canceled"/></itemMeta><contentMeta><headline>Gone</headline></contentMeta></newsItem>', 'application/vnd.iptc.g2.newsitem+xml'],
    ['plain text KILL line', 'KILL: Geneva talks story\n', 'text/plain'],
  ])('%s is accepted as a kill (was: empty_body)', (_case, document, contentType) => {
    const [result] = parseAll(document, contentType);
    expect(result?.ok ? result.article.signals : result?.error).toContain('KILL');
  });

  it('a usable item without a body is still refused', () => {
    expect(refused(JSON.stringify({ uri: 'u', headline: 'H' }), NINJS).code).toBe('empty_body');
  });
});

describe('ninjs feeds of several items', () => {
  const item = (id: string) => ({ uri: id, headline: `Story ${id}`, body_text: `${DATELINE} ${id}` });
  it.each([
    ['items', { items: [item('a'), item('b')] }],
    ['item', { item: [item('a'), item('b')] }],
    ['data.items with item wrappers (AP Media API)', { data: { items: [{ item: item('a') }, { item: item('b') }] } }],
  ])('under %s: one article per item, in order (was: not ninjs)', (_shape, feed) => {
    const results = parseAll(JSON.stringify(feed), NINJS);
    expect(results.map((result) => (result.ok ? result.article.providerItemId : result.error.code))).toEqual(['a', 'b']);
  });

  it('a broken entry is named by its pointer', () => {
    const results = parseAll(JSON.stringify({ data: { items: [{ item: item('a') }, { item: { ...item('b'), versioncreated: 'soon' } }] } }), NINJS);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'invalid_value', field: '/data/items/1/item/versioncreated' } });
  });
});

describe('implausible dates', () => {
  const at = (versioncreated: string, extra: object = {}) => JSON.stringify({ uri: 'u', headline: 'H', body_text: DATELINE, versioncreated, ...extra });
  it('refuses a versioncreated years ahead of reception, naming the field (was: accepted)', () => {
    expect(refused(at('2100-01-01T00:00:00Z'), NINJS)).toMatchObject({ code: 'implausible_date', field: '/versioncreated' });
    expect(refused('<newsItem guid="g"><itemMeta><itemClass qcode="ninat:text"/><versionCreated>2100-01-01T00:00:00Z</versionCreated></itemMeta><contentMeta><headline>H</headline></contentMeta><contentSet><inlineData>x</inlineData></contentSet></newsItem>', 'application/vnd.iptc.g2.newsitem+xml')).toMatchObject({ code: 'implausible_date', field: 'itemMeta/versionCreated' });
    expect(refused(at('1850-01-01T00:00:00Z'), NINJS).code).toBe('implausible_date');
  });

  it('accepts clock skew within a day, and an embargo months ahead', () => {
    const hoursAhead = new Date(RECEIVED_AT + 14 * 3600_000).toISOString();
    expect(parsed(at(hoursAhead), NINJS).versioncreated).toBe(RECEIVED_AT + 14 * 3600_000);
    expect(parsed(at(new Date(RECEIVED_AT).toISOString(), { embargoed: new Date(RECEIVED_AT + 90 * 86_400_000).toISOString() }), NINJS).embargoed).toBe(RECEIVED_AT + 90 * 86_400_000);
  });
});

describe('one character policy for every format', () => {
  const ninjs = (headline: string, body = DATELINE) => JSON.stringify({ uri: 'u', headline, body_text: body });
  it.each([
    ['NUL in a ninjs headline', ninjs('Talks\u0000resume'), NINJS, 'headline'],
    ['right-to-left override in a ninjs headline', ninjs('Talks \u202eesumer'), NINJS, 'headline'],
    ['isolate in a NITF headline', '<nitf><body><body.head><hedline><hl1>Talks \u2067x\u2069</hl1></hedline></body.head><body.content><p>b</p></body.content></body></nitf>', 'application/nitf+xml', 'headline'],
    ['C1 control in a ninjs body', ninjs('Talks', `${DATELINE} a\u0085b`), NINJS, 'body (paragraph 1)'],
    ['escape character in a NewsML-G2 byline', '<newsItem guid="g"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>H</headline><by>A\u001bB</by></contentMeta><contentSet><inlineData>x</inlineData></contentSet></newsItem>', 'application/vnd.iptc.g2.newsitem+xml', 'byline'],
  ])('refuses %s, naming the field (was: accepted)', (_case, document, contentType, field) => {
    expect(refused(document, contentType)).toMatchObject({ code: 'invalid_character', field });
  });

  it('keeps the joiners and marks that Arabic, Hebrew and Indic copy needs', () => {
    const headline = 'क्\u200dष \u200c می\u200cخواهم \u200e\u200f\u061c שלום';
    expect(parsed(ninjs(headline), NINJS).headlines[0]?.value).toBe(headline);
  });

  it('property: a headline is refused exactly when it holds a forbidden character, and never comes out with one', () => {
    const characters = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('\u0000', '\u0007', '\u0085', '\u202e', '\u2066', '\u200d', '\u200c', '\u200e', '\u061c', '\t'));
    fc.assert(
      fc.property(fc.array(characters, { minLength: 1, maxLength: 12 }).map((parts) => `H ${parts.join('')}`), (headline) => {
        const [result] = parseAll(ninjs(headline), NINJS);
        if (result?.ok) for (const h of result.article.headlines) expect(forbiddenCharacter(h.value, true)).toBeNull();
        else expect(result?.error.code).toBe(forbiddenCharacter(headline, true) === null ? expect.any(String) : 'invalid_character');
        expect(result?.ok).toBe(forbiddenCharacter(headline.replace(/[\t\n\r]/g, ' '), true) === null);
      }),
      { numRuns: 300 },
    );
  });
});

describe('invalid UTF-8', () => {
  const withBadByte = (prefix: string, suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from([0xc3, 0x28]), Buffer.from(suffix)]);
  it('is a 400 naming the byte offset in JSON, which is UTF-8 by definition (was: the whole body read as cp1252)', () => {
    const prefix = `{"uri":"u","headline":"Talks","body_text":"GENEVA (Reuters) \u2014 `;
    expect(refused(withBadByte(prefix, 'x"}'), NINJS)).toMatchObject({ code: 'malformed_text', offset: Buffer.byteLength(prefix) });
  });

  it('in XML without an encoding declaration, and in text declared UTF-8', () => {
    expect(refused(withBadByte('<nitf><body><body.content><p>', '</p></body.content></body></nitf>'), 'application/nitf+xml')).toMatchObject({ code: 'malformed_text', offset: 29 });
    expect(refused(withBadByte('GENEVA (AP) \u2014 ', 'x'), 'text/plain; charset=utf-8')).toMatchObject({ code: 'malformed_text', offset: Buffer.byteLength('GENEVA (AP) \u2014 ') });
  });

  it('text declared in another charset, or undeclared plain text, is still decoded', () => {
    expect(parsed(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><nitf><body><body.content><p>Caf'), Buffer.from([0xe9]), Buffer.from('</p></body.content></body></nitf>')])).bodies[0]?.value).toBe('Café');
    expect(parsed(Buffer.concat([Buffer.from('GENEVA (AP) -- Caf'), Buffer.from([0xe9])]), 'text/plain').bodies[0]?.value).toBe('Café');
  });
});

describe('generated documents', () => {
  it('arbitrary text in every field of a ninjs item: an article or a coded refusal', () => {
    const text = fc.string({ unit: 'binary', maxLength: 60 });
    fc.assert(
      fc.property(fc.record({ uri: text, headline: text, body_html: text, byline: text, located: text, pubstatus: fc.constantFrom('usable', 'canceled', 'withheld') }), (item) => {
        for (const result of parseAll(JSON.stringify(item), NINJS)) {
          if (!result.ok) expect(PARSE_ERROR_CODES).toContain(result.error.code);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('feeds of generated items answer one result per entry', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ uri: fc.stringMatching(/^[a-z]{1,8}$/), headline: fc.string({ maxLength: 20 }), body_text: fc.string({ maxLength: 40 }) }), { minLength: 1, maxLength: 8 }), (items) => {
        expect(parseAll(JSON.stringify({ items }), NINJS)).toHaveLength(items.length);
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes declared as UTF-8 JSON: malformed_text carries an offset inside the document', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => {
        for (const result of parseAll(Buffer.from(bytes), NINJS)) {
          if (!result.ok && result.error.code === 'malformed_text') expect(result.error.offset).toBeLessThan(bytes.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
