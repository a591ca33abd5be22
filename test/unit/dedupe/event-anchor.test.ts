import { describe, expect, it } from 'vitest';
import { loadBackgroundStatistics } from '../../../services/dedupe/background-statistics.ts';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { MATCH_POLICY, sameEventTotal, SHIPPED_TUNING, thresholdFor } from '../../../services/dedupe/match-policy.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import type { Signal } from '../../../services/dedupe/similarity.ts';
import { backgroundStatistics, conllDocuments } from '../../../services/dedupe/training/build-background-statistics.ts';
import { article } from './articles.ts';

const words: Signal[] = [{ name: 'content', score: 0.45 }, { name: 'entities', score: 0.45 }, { name: 'happening', score: 0.3 }];

describe('what makes two items one event', () => {
  it('agreement in time never lifts a total; disagreement lowers it', () => {
    const base = sameEventTotal({ exact: false, signals: words })!;
    const agreeing = sameEventTotal({ exact: false, signals: [...words, { name: 'event-date', score: 1 }, { name: 'weekday', score: 1 }, { name: 'months', score: 1 }, { name: 'years', score: 1 }] })!;
    const disagreeing = sameEventTotal({ exact: false, signals: [...words, { name: 'event-date', score: 0 }, { name: 'years', score: 0 }] })!;
    expect(agreeing).toBe(base);
    expect(disagreeing).toBeLessThan(base);
  });

  it('needs an anchor: shared names and what happened, or content shared as a rewrite shares it', () => {
    expect(sameEventTotal({ exact: false, signals: [{ name: 'content', score: 0.5 }, { name: 'entities', score: 0.05 }, { name: 'happening', score: 0.5 }] })).toBe(0);
    // One company, something else happening to it: its name is all the two share.
    expect(sameEventTotal({ exact: false, signals: [{ name: 'content', score: 0.5 }, { name: 'entities', score: 0.9 }, { name: 'happening', score: 0.05 }] })).toBe(0);
    expect(sameEventTotal({ exact: false, signals: [{ name: 'content', score: 0.5 }, { name: 'entities', score: 0.5 }, { name: 'happening', score: 0.4 }] })!).toBeGreaterThan(MATCH_POLICY.sameEventTotal);
    expect(sameEventTotal({ exact: false, signals: [{ name: 'content', score: 0.75 }] })!).toBeGreaterThan(MATCH_POLICY.sameEventTotal);
    // Two companies by symbol: templated copy, different events, however alike the wording.
    expect(sameEventTotal({ exact: false, signals: [{ name: 'content', score: 0.9 }, { name: 'entities', score: 0.9 }, { name: 'companies', score: 0 }] })).toBe(0);
  });

  it('asks one provider’s two texts for what happened in full, where another provider’s rewrite needs half', () => {
    // The same official, two points of one testimony: the names are all the two share.
    const statement: Signal[] = [{ name: 'content', score: 0.4 }, { name: 'entities', score: 0.9 }, { name: 'happening', score: 0.15 }];
    expect(sameEventTotal({ exact: false, signals: statement }, { ...MATCH_POLICY.joinAnchor, sameProvider: false })!).toBeGreaterThan(MATCH_POLICY.sameEventTotal);
    expect(sameEventTotal({ exact: false, signals: statement }, { ...MATCH_POLICY.joinAnchor, sameProvider: true })).toBe(0);
    // Another outlet's report names fewer of the actors and tells it in its own words: names at the anchor are enough for the half.
    const otherOutlet: Signal[] = [{ name: 'content', score: 0.5 }, { name: 'entities', score: 0.35 }, { name: 'happening', score: 0.12 }];
    expect(sameEventTotal({ exact: false, signals: otherOutlet }, { ...MATCH_POLICY.joinAnchor, sameProvider: false })!).toBeGreaterThan(MATCH_POLICY.sameEventTotal);
    expect(sameEventTotal({ exact: false, signals: otherOutlet }, { ...MATCH_POLICY.joinAnchor, sameProvider: true })).toBe(0);
  });

  it('holds one provider’s texts to a higher threshold than two providers’ reports, whatever threshold is fitted', () => {
    expect(thresholdFor(false)).toBe(MATCH_POLICY.sameEventTotal);
    expect(thresholdFor(true)).toBe(MATCH_POLICY.oneProviderTotal);
    expect(MATCH_POLICY.oneProviderTotal).toBeGreaterThan(MATCH_POLICY.sameEventTotal);
    expect(thresholdFor(true, 0.45)).toBe(0.45);
    expect(thresholdFor(false, 0.25)).toBe(0.25);
  });

  it('weighs the signals as the tuning says, and routes at its threshold', async () => {
    // Names shared more than words: weighing names over words raises the total, words over names lowers it.
    const namesOverWords = { ...MATCH_POLICY.weights, content: 0.35, entities: 0.65 };
    const wordsOverNames = { ...MATCH_POLICY.weights, content: 0.65, entities: 0.35 };
    const signals: Signal[] = [{ name: 'content', score: 0.3 }, { name: 'entities', score: 0.7 }, { name: 'happening', score: 0.3 }];
    const shipped = sameEventTotal({ exact: false, signals })!;
    expect(sameEventTotal({ exact: false, signals }, MATCH_POLICY.joinAnchor, namesOverWords)!).toBeGreaterThan(shipped);
    expect(sameEventTotal({ exact: false, signals }, MATCH_POLICY.joinAnchor, wordsOverNames)!).toBeLessThan(shipped);
    // The same two reports join at the shipped tuning and stay apart at a threshold above their total.
    const reports = [
      article('wire-a', 'q-1', 'QUAKE STRIKES NORTHERN CHILE', 'A magnitude 7.2 earthquake struck northern Chile near Iquique on Tuesday, the U.S. Geological Survey said, and hundreds of residents fled to higher ground.'),
      article('wire-b', 'q-2', 'Chile quake shakes Iquique', 'A strong earthquake of magnitude 7.2 shook Iquique in northern Chile on Tuesday, sending residents to higher ground, the U.S. Geological Survey said.'),
    ] as const;
    const routeBoth = async (tuning = SHIPPED_TUNING) => {
      const index = inMemoryDedupeIndex();
      const first = await routeArticle(reports[0], index, { tuning });
      return { first, second: await routeArticle(reports[1], index, { tuning }) };
    };
    const atShipped = await routeBoth();
    expect(atShipped.second.decision.kind).toBe('same-event');
    expect(atShipped.second.storyId).toBe(atShipped.first.storyId);
    const atStrict = await routeBoth({ ...SHIPPED_TUNING, threshold: 0.99 });
    expect(atStrict.second.decision.kind).toBe('new-story');
  });

  it('keeps one provider’s templated reports apart when every figure differs, and joins another provider’s copy', () => {
    // Another day's money market report, another loan: the wording is the template's, the figures are not.
    const template: Signal[] = [{ name: 'content', score: 0.8 }, { name: 'entities', score: 0.9 }, { name: 'happening', score: 0.7 }, { name: 'numbers', score: 0 }, { name: 'quantities', score: 0 }];
    expect(sameEventTotal({ exact: false, signals: template }, { ...MATCH_POLICY.joinAnchor, sameProvider: true })).toBe(0);
    expect(sameEventTotal({ exact: false, signals: template }, { ...MATCH_POLICY.joinAnchor, sameProvider: false })!).toBeGreaterThan(MATCH_POLICY.sameEventTotal);
    // One figure in common is enough: an update restates some of what the first report said.
    const update = template.map((s) => (s.name === 'numbers' ? { ...s, score: 0.3 } : s));
    expect(sameEventTotal({ exact: false, signals: update }, { ...MATCH_POLICY.joinAnchor, sameProvider: true })!).toBeGreaterThan(MATCH_POLICY.sameEventTotal);
  });

  it('keeps templated dividend copy about two companies apart, and joins two reports of one company’s dividend', async () => {
    const index = inMemoryDedupeIndex({ backgroundStatistics: loadBackgroundStatistics() });
    const dividend = (id: string, company: string, symbol: string, cents: number) =>
      article('wire-a', id, `${company.toUpperCase()} <${symbol}> SETS QUARTERLY DIVIDEND`, `${company} said its board declared a quarterly dividend of ${cents} cts per share.\nQtly div ${cents} cts vs ${cents} cts prior\nPay March 31\nRecord March 13`);
    const first = await routeArticle(dividend('d-1', 'Acme Widgets Inc', 'ACW', 12), index);
    const other = await routeArticle(dividend('d-2', 'Borealis Mining Corp', 'BMC', 15), index);
    expect(other.decision.kind).toBe('new-story');
    expect(other.storyId).not.toBe(first.storyId);
    const again = await routeArticle(article('wire-b', 'b-1', 'ACME WIDGETS <ACW> KEEPS PAYOUT', 'Acme Widgets Inc kept its quarterly dividend at 12 cts a share, payable March 31 to holders of record March 13, the company said.'), index);
    expect(again.storyId).toBe(first.storyId);
  });
});

describe('templated copy', () => {
  const stocks = (id: string, city: string, other: string, [two, three, total]: number[]) =>
    article('wire-a', id, `${city.toUpperCase()} DELIVERABLE OATS STOCKS`, `The exchange reported the following stocks of oats in ${city} as of Friday, deliverable against ${other} oats futures, in thousands of bushels.\nNumber two white ${two}\nNumber three white ${three}\nTotal ${total}`);

  it('keeps one market’s stocks apart from another’s, though one names the other’s futures', async () => {
    const index = inMemoryDedupeIndex({ backgroundStatistics: loadBackgroundStatistics() });
    const chicago = await routeArticle(stocks('s-1', 'Chicago', 'Chicago', [410, 37, 447]), index);
    const duluth = await routeArticle(stocks('s-2', 'Duluth', 'Chicago', [95, 12, 107]), index);
    expect(duluth.storyId).not.toBe(chicago.storyId);
  });

  it('keeps two companies’ dividend templates apart even when their figures are the same', async () => {
    const index = inMemoryDedupeIndex({ backgroundStatistics: loadBackgroundStatistics() });
    const dividend = (id: string, company: string, symbol: string) =>
      article('wire-a', id, `${company.toUpperCase()} <${symbol}> SETS QUARTERLY`, 'Qtly div ten cts vs ten cts prior\nPay April one\nRecord March 16\nThe company said the dividend was unchanged from the previous quarter and that it expected to keep it there.');
    const first = await routeArticle(dividend('d-1', 'Acme Tools Inc', 'ACM'), index);
    const other = await routeArticle(dividend('d-2', 'Boreal Mining Corp', 'BMC'), index);
    expect(other.decision.kind).toBe('new-story');
    expect(other.storyId).not.toBe(first.storyId);
  });
});

describe('the shipped document frequencies', () => {
  it('are counted per document from CoNLL-style text, only terms in enough documents kept', () => {
    const text = '-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nlamb NN I-NP O\n\nThe DT O O\nCommission NNP O O\nsaid VBD O O\nlamb NN O O\n. . O O\n\n-DOCSTART- -X- O O\n\nLamb NN O O\nprices NNS O O\nrise VBP O O\n';
    const documents = conllDocuments(text);
    expect(documents).toEqual([{ title: 'EU rejects lamb', body: 'The Commission said lamb.' }, { title: 'Lamb prices rise', body: '' }]);
    const model = backgroundStatistics(documents, 2, 'test');
    expect(model.documentCount).toBe(2);
    expect(model.documentFrequency).toEqual({ lamb: 2 });
    const shipped = loadBackgroundStatistics();
    expect(shipped.documentCount).toBeGreaterThan(900);
    expect(shipped.documentFrequency.government).toBeGreaterThan(50);
  });
});
