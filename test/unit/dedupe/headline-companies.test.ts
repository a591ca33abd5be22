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
