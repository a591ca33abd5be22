import { describe, expect, it } from 'vitest';
import { httpStatusFor, MAX_ITEM_BYTES, PARSE_ERROR_CODES, parseItem, type ParseErrorCode } from '../../../services/ingest/parsers/index.ts';
import { input, refused } from './support.ts';

const TWO_STORIES = `<newsMessage><itemSet>${['a', 'b']
  .map((id) => `<newsItem guid="${id}"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>H</headline></contentMeta><contentSet><inlineData contenttype="text/plain">Body</inlineData></contentSet></newsItem>`)
  .join('')}</itemSet></newsMessage>`;

const cases: ReadonlyArray<[ParseErrorCode, () => ReturnType<typeof refused>]> = [
  ['unsupported_media_type', () => refused('x', 'image/jpeg')],
  ['unsupported_format', () => refused('<NewsML><NewsItem/></NewsML>')],
  ['unsupported_item_type', () => refused(JSON.stringify({ uri: 'u', type: 'picture', headline: 'h' }))],
  ['multiple_items', () => refused(TWO_STORIES)],
  ['too_large', () => refused(Buffer.alloc(MAX_ITEM_BYTES + 1, 0x61), 'text/plain')],
  ['malformed_json', () => refused('{"uri": ', 'application/json')],
  ['malformed_xml', () => refused('<nitf>\n<head></nitf>', 'application/nitf+xml')],
  ['unsafe_xml', () => refused('<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><nitf>&xxe;</nitf>', 'text/xml')],
  ['missing_field', () => refused(JSON.stringify({ headline: 'h', body_text: 'b' }))],
  ['invalid_value', () => refused(JSON.stringify({ uri: 'u', headline: 'h', body_text: 'b', versioncreated: 'yesterday' }))],
  ['empty_body', () => refused('<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head></body></nitf>')],
  ['invalid_character', () => refused(JSON.stringify({ uri: 'u', headline: 'h\u0000', body_text: 'b' }))],
  ['implausible_date', () => refused(JSON.stringify({ uri: 'u', headline: 'h', body_text: 'b', versioncreated: '2100-01-01T00:00:00Z' }))],
];

describe('parse errors', () => {
  it.each(cases)('%s', (code, refuse) => {
    const error = refuse();
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('points at the field or position', () => {
    expect(refused('<nitf>\n<head></nitf>', 'application/nitf+xml')).toMatchObject({ line: 2 });
    expect(refused(JSON.stringify({ uri: 'u', headline: 'h', body_text: 'b', versioncreated: 'yesterday' })).field).toBe('/versioncreated');
    // V8 names the position of a JSON syntax error only in some versions; when it does, so do we.
    expect([undefined, 2]).toContain(refused('{\n"uri": }', 'application/json').line);
  });

  it('refuses billion-laughs entity declarations without expanding them', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><nitf>&lol2;</nitf>`;
    expect(refused(laughs).code).toBe('unsafe_xml');
  });

  it('maps every code to an HTTP status', () => {
    expect(PARSE_ERROR_CODES).toHaveLength(cases.length + 1);
    expect(httpStatusFor('unsupported_media_type')).toBe(415);
    expect(httpStatusFor('too_large')).toBe(413);
    expect(httpStatusFor('malformed_xml')).toBe(400);
    expect(httpStatusFor('missing_field')).toBe(422);
    for (const code of PARSE_ERROR_CODES) expect([400, 413, 415, 422]).toContain(httpStatusFor(code));
  });

  it('never fails with an exception on a result', () => {
    expect(parseItem(input('')).ok).toBe(false);
  });
});
