import { describe, expect, it } from 'vitest';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { headlineCompany } from '../../../services/dedupe/headline-companies.ts';
import { classify } from '../../../services/dedupe/match-policy.ts';
import { subjectAgreement } from '../../../services/dedupe/similarity.ts';
import { article } from './articles.ts';

describe('headlineCompany: the company a wire headline leads with', () => {
  it('takes the words before a legal form or an exchange symbol, whatever the case', () => {
    expect(headlineCompany('HARBOUR FOODS CO 4TH QTR SHR 1.12 DLRS')).toEqual(['food', 'harbour']);
    expect(headlineCompany('NEW YORK TIMES CO <NYT> 3RD QTR NET')).toEqual(['york']);
    expect(headlineCompany('KESTREL MINING<KMC> TO BUY SMELTER')).toEqual(['kestrel', 'mining']);
    expect(headlineCompany('Lindqvist Marine AB sets dividend')).toEqual(['lindqvist', 'marine']);
  });
  it('finds none in a sentence, a headline without a legal form, or a run longer than a name', () => {
    expect(headlineCompany('UNION CONFIRMS TALKS AT HALVERSON <HAL> PLANT')).toEqual([]);
    expect(headlineCompany('CATTLE PRICES OPEN HIGHER AT TWO MARKETS')).toEqual([]);
    expect(headlineCompany('FIRST SECOND THIRD FOURTH FIFTH SIXTH CORP NET')).toEqual([]);
    expect(headlineCompany('4TH QTR NET OF HARBOUR FOODS CO')).toEqual([]);
  });
});

describe('two companies’ templated copy is two events', () => {
  const results = (id: string, company: string, shr: string, net: string) =>
    article('wire-r', id, `${company} 4TH QTR NET`, `Shr ${shr} cts vs ${shr} cts\nNet ${net} mln vs ${net} mln\nRevs 88.1 mln vs 80.5 mln`, '2024-03-04');
  const harbour = fingerprintArticle(results('r-1', 'HARBOUR FOODS CO', '86', '11.1'));
  it('parts results tables whose headlines lead with two companies, neither named in the other', () => {
    const kestrel = fingerprintArticle(results('r-2', 'KESTREL FOODS INC', '90', '18.5'));
    expect(subjectAgreement(kestrel, [harbour])).toBe(0);
    expect(classify(kestrel, [{ storyId: 'st-harbour', fingerprint: harbour }]).kind).toBe('new-story');
  });
  it('keeps one company’s tables together, and one symbol is one company however the headlines spell it', () => {
    expect(subjectAgreement(fingerprintArticle(results('r-3', 'HARBOUR FOODS CO', '86', '11.1')), [harbour])).toBe(1);
    const short = fingerprintArticle(article('wire-r', 'r-4', 'DOME PETE <DMP> TAKES WRITEDOWN', '', '2024-03-04'));
    const long = fingerprintArticle(article('wire-r', 'r-5', 'DOME PETROLEUM LTD <DMP> WRITEDOWN', '', '2024-03-04'));
    const other = fingerprintArticle(article('wire-r', 'r-6', 'DOME FOODS LTD <DFL> WRITEDOWN', '', '2024-03-04'));
    expect(subjectAgreement(other, [long])).toBe(0);
    expect(subjectAgreement(short, [long])).not.toBe(0);
  });
});

describe('two places’ local reports are two events', () => {
  const market = (id: string, city: string, title: string, body: string) =>
    fingerprintArticle({ ...article('wire-r', id, title, body, '2024-04-07'), located: { text: `${city}, April 7 -`, city, country: null, date: '2024-04-07', source: null } });
  const body = 'Cattle prices are expected 0.50 dlr higher on light receipts, private sources said. Steer top 67.50 dlrs.';
  const harlow = market('m-1', 'Harlow Springs', 'HARLOW SPRINGS CATTLE SEEN UP 0.50 DLR', body);

  it('parts reports whose headlines print their own dateline cities, neither naming the other place', () => {
    const brenton = market('m-2', 'Brenton', 'BRENTON CATTLE SEEN UP 1.00 DLR', 'Cattle prices are expected 1.00 dlr higher on estimated receipts of 1,200 head, private sources said. Steer top 68.00 dlrs.');
    expect(subjectAgreement(brenton, [harlow])).toBe(0);
    expect(classify(brenton, [{ storyId: 'st-harlow', fingerprint: harlow }]).kind).toBe('new-story');
    // One word of the place in common is still another place (SIOUX CATTLE from Sioux City, SIOUX FALLS CATTLE).
    const harlowCity = market('m-3', 'Harlow City', 'HARLOW CATTLE SEEN UP 0.50 DLR', body);
    expect(subjectAgreement(harlowCity, [harlow])).toBe(0);
  });

  it('keeps one place’s reports together, and copy from elsewhere that names the place', () => {
    expect(subjectAgreement(market('m-4', 'Harlow Springs', 'HARLOW SPRINGS CATTLE OPEN UP 1.00 DLR', body), [harlow])).not.toBe(0);
    const wrapUp = market('m-5', 'Chicago', 'CATTLE FUTURES OPEN HIGHER', `Cattle futures opened higher, with cash cattle at Harlow Springs seen up. ${body}`);
    expect(subjectAgreement(wrapUp, [harlow])).not.toBe(0);
  });
});
