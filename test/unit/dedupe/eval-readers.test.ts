import { describe, expect, it } from 'vitest';
import { detokenise, providerOf } from '../../../services/eval/dedupe/ecbplus-reader.ts';
import { parseReutersItem } from '../../../services/eval/dedupe/reuters-reader.ts';
import { reutersReference } from '../../../services/eval/dedupe/reuters-reference.ts';

const BODY = 'Acme Tools Inc said its board approved a three-for-two stock split payable May 20 to holders of record May 5, and raised the quarterly dividend.';

function item(newId: number, title: string, body: string, type = 'NORM'): string {
  return `<REUTERS NEWID="${newId}"><DATE> 2-MAR-1987 10:00:00.00</DATE><TEXT TYPE="${type}"><TITLE>${title}</TITLE><BODY>${body}</BODY></TEXT></REUTERS>`;
}

function parse(xml: string) {
  const m = /<REUTERS\b([^>]*)>([\s\S]*?)<\/REUTERS>/.exec(xml)!;
  return parseReutersItem(m[1]!, m[2]!)!;
}

describe('evaluation readers', () => {
  it('glues figures the ECB+ tokeniser split, and nothing else', () => {
    expect(detokenise(['A', '5', '.', '9', 'quake', 'at', '8', ':', '20', 'killed', '2', ',', '000', '.'])).toBe('A 5.9 quake at 8:20 killed 2,000 .');
  });

  it('keeps the comma between a day and its year, so the date and the year are read', () => {
    expect(detokenise(['August', '7', ',', '2012', '-', '4', ':', '43', 'pm'])).toBe('August 7 , 2012 - 4:43 pm');
  });

  it('takes an ECB+ document’s provider from its source URL, or the document itself where none is given', () => {
    expect(providerOf('http : / / www . nydailynews . com / news / x', '1_1ecbplus')).toBe('ecbplus:nydailynews.com');
    expect(providerOf('https : / / articles . latimes . com / 2008 / y', '1_2ecbplus')).toBe('ecbplus:articles.latimes.com');
    expect(providerOf(null, '1_10ecb')).toBe('ecbplus:1_10ecb');
  });

  it('reads a Reuters BRIEF as a headline-only item (its body is a placeholder)', () => {
    const brief = parse(`<REUTERS NEWID="1"><DATE> 2-MAR-1987 10:00:00.00</DATE><TEXT TYPE="BRIEF">******<TITLE>ACME SETS SPLIT</TITLE>Placeholder text.</TEXT></REUTERS>`);
    expect(brief.title).toBe('ACME SETS SPLIT');
    expect(brief.body).toBe('');
  });

  it('counts the same body under a new headline as an edited re-send, and headline-only items as neither', () => {
    const docs = [
      parse(item(1, 'ACME TOOLS SETS SPLIT', BODY)),
      parse(item(2, 'ACME TOOLS <ACM> VOTES 3-FOR-2 SPLIT', BODY)),
      parse(item(3, 'ACME TOOLS SETS SPLIT', BODY)),
      parse(`<REUTERS NEWID="4"><DATE> 2-MAR-1987 10:00:00.00</DATE><TEXT TYPE="BRIEF"><TITLE>ACME FLASH</TITLE>x</TEXT></REUTERS>`),
      parse(`<REUTERS NEWID="5"><DATE> 2-MAR-1987 11:00:00.00</DATE><TEXT TYPE="BRIEF"><TITLE>ACME FLASH</TITLE>x</TEXT></REUTERS>`),
    ];
    const reference = reutersReference(docs);
    expect(reference.exactResends).toEqual([['1', '3']]);
    expect(reference.editedResends.map(([a, b]) => [a, b].sort().join('-')).sort()).toEqual(['1-2', '2-3']);
  });

  it('does not count templated copy about two companies as an edited re-send, but does a symbol corrected or mistyped', () => {
    const dividend = 'Qtly div ten cts vs ten cts prior, pay April one, record March 16, the company said in a statement today.';
    const docs = [
      parse(item(1, 'ACME TOOLS INC <ACM> SETS QUARTERLY', dividend)),
      parse(item(2, 'BOREAL MINING CORP <BMC> SETS QUARTERLY', dividend)),
      parse(item(3, 'ACME TOOLS INC <ACMX.O> SETS QUARTERLY', dividend)),
      parse(item(4, 'CORRECTED - BOREAL MINING <BRM> SETS QUARTERLY', dividend)),
    ];
    const pairs = reutersReference(docs).editedResends.map(([a, b]) => [a, b].sort().join('-')).sort();
    expect(pairs).toEqual(['1-3', '1-4', '2-4', '3-4']);
  });

  it('does not count two markets’ reports of one kind as an edited re-send, but does one market’s report sent again', () => {
    const market = (newId: number, city: string, title: string) =>
      parse(`<REUTERS NEWID="${newId}"><DATE> 7-APR-1987 09:00:00.00</DATE><TEXT><TITLE>${title}</TITLE><DATELINE>    ${city}, April 7 - </DATELINE><BODY>Hog prices are expected steady on estimated receipts of light volume, private sources said this morning.</BODY></TEXT></REUTERS>`);
    const docs = [
      market(1, 'Joliet', 'JOLIET HOGS SEEN STEADY - PRIVATE SOURCES'),
      market(2, 'Kansas City', 'KANSAS CITY HOGS SEEN STEADY - PRIVATE SOURCES'),
      market(3, 'Joliet', 'JOLIET HOGS SEEN STEADY - PRIVATE'),
      market(4, 'Chicago', 'HOG MARKETS SEEN STEADY - PRIVATE SOURCES'),
    ];
    const pairs = reutersReference(docs).editedResends.map(([a, b]) => [a, b].sort().join('-')).sort();
    expect(pairs).toEqual(['1-3', '1-4', '2-4', '3-4']);
  });
});
