import { describe, expect, it } from 'vitest';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { pairScores } from '../../../services/dedupe/event-clustering.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import type { DedupeDecision } from '../../../services/dedupe/match-policy.ts';
import { classify, MATCH_POLICY, sameEventTotal } from '../../../services/dedupe/match-policy.ts';
import { estimateJaccard } from '../../../services/dedupe/minhash.ts';
import { subjectAgreement } from '../../../services/dedupe/similarity.ts';
import { routeArticle, storyIdFor } from '../../../services/dedupe/routing-pipeline.ts';
import { article, quakeChile, quakeChileResend, quakeChileRewrite, quakeJapan } from './articles.ts';

const chile = { storyId: 'st-chile', fingerprint: fingerprintArticle(quakeChile) };
const WRITE_THRU =
  'Later on Monday the navy said two of its patrol boats had been damaged in the harbour of Iquique. ' +
  'Engineers from the national road agency began inspecting bridges on the coastal highway between ' +
  'Iquique and Arica, where several landslides had blocked traffic overnight. Schools in the region ' +
  'will stay closed until Wednesday while inspectors check buildings for cracks, the regional ' +
  'governor told local radio. Copper mines in the Tarapaca region reported no damage and said ' +
  'production continued as normal, although one smelter briefly lost power after the first shock. ' +
  'The seismological centre of the University of Chile recorded more than forty aftershocks, the ' +
  'strongest of magnitude 5.1, and warned residents to expect more in the coming days. Airlines ' +
  'resumed flights to Iquique in the evening after the airport runway was checked.';

describe('classify', () => {
  it('routes another version of the same provider item to its story', () => {
    const update = { ...quakeChileResend, providerItemId: 'a-1', providerVersion: 2 };
    expect(classify(fingerprintArticle(update), [chile])).toEqual({ kind: 'same-item', storyId: 'st-chile' });
  });
  it('suppresses an exact duplicate from another item id', () => {
    const copy = { ...quakeChile, providerItemId: 'a-99' };
    expect(classify(fingerprintArticle(copy), [chile])).toEqual({ kind: 'exact-duplicate', storyId: 'st-chile', of: chile.fingerprint.item });
  });
  it('joins a lightly edited re-send as a near duplicate, with its evidence', () => {
    const decision = classify(fingerprintArticle(quakeChileResend), [chile]);
    expect(decision.kind).toBe('near-duplicate');
    if (decision.kind !== 'near-duplicate') return;
    expect(decision.storyId).toBe('st-chile');
    expect(decision.evidence.total).toBeGreaterThan(0.5);
    expect(decision.evidence.signals.map((s) => s.name)).toContain('minhash-jaccard');
  });
  it('joins another provider’s rewrite of the same event', () => {
    const decision = classify(fingerprintArticle(quakeChileRewrite), [chile]);
    expect(decision.kind).toBe('same-event');
    if (decision.kind !== 'same-event') return;
    expect(decision.storyId).toBe('st-chile');
    expect(decision.evidence.signals.find((s) => s.name === 'content')?.score).toBeGreaterThan(0.3);
  });
  it('keeps a different event of the same kind apart', () => {
    expect(classify(fingerprintArticle(quakeJapan), [chile])).toEqual({ kind: 'new-story' });
  });
  it('does not call a re-send sent days later a near duplicate: it joins as the same event', () => {
    const later = { ...quakeChileResend, versioncreated: quakeChile.versioncreated + 3 * 86_400_000 };
    expect(classify(fingerprintArticle(later), [chile])).toMatchObject({ kind: 'same-event', storyId: 'st-chile' });
  });
  it('joins a write-thru that adds paragraphs as the same event, with the containment as evidence', () => {
    const body = quakeChile.bodies[0]!.value;
    const writeThru = article('wire-a', 'a-9', 'Strong earthquake shakes northern Chile', `${body} ${WRITE_THRU}`);
    const decision = classify(fingerprintArticle(writeThru), [chile]);
    expect(decision).toMatchObject({ kind: 'same-event', storyId: 'st-chile', of: chile.fingerprint.item });
    if (decision.kind !== 'same-event') return;
    expect(decision.evidence.signals.find((s) => s.name === 'containment')?.score).toBeGreaterThan(0.85);
    expect(decision.evidence.signals.find((s) => s.name === 'minhash-jaccard')?.score).toBeLessThan(0.6);
  });
  it('keeps templated copy with other figures apart (one company’s dividend is not another’s re-send)', () => {
    const dividend = (id: string, cents: string, pay: string) =>
      fingerprintArticle(article('wire-r', id, '', `Quarterly dividend ${cents} cts vs ${cents} cts prior, payable ${pay}, record April 10, the company said.`));
    const first = { storyId: 'st-div', fingerprint: dividend('r-1', '22', 'April 30') };
    expect(classify(dividend('r-2', '35', 'May 15'), [first]).kind).not.toBe('near-duplicate');
  });
  it('lets disagreeing dates, years and figures outweigh wording two events of one kind share', () => {
    const words = [{ name: 'content', score: 0.45 }, { name: 'entities', score: 0.45 }, { name: 'happening', score: 0.3 }] as const;
    const total = (date: number, years: number, numbers: number) =>
      sameEventTotal({ exact: false, signals: [...words, { name: 'event-date', score: date }, { name: 'years', score: years }, { name: 'numbers', score: numbers }] });
    expect(sameEventTotal({ exact: false, signals: [...words] })).toBeGreaterThanOrEqual(MATCH_POLICY.sameEventTotal);
    expect(total(1, 1, 0.5)).toBeGreaterThanOrEqual(MATCH_POLICY.sameEventTotal);
    expect(total(0, 0, 0)).toBeLessThan(MATCH_POLICY.sameEventTotal);
  });
  it('opens a new story when there is no candidate', () => {
    expect(classify(fingerprintArticle(quakeJapan), [])).toEqual({ kind: 'new-story' });
  });
});

describe('routeArticle', () => {
  it('derives story ids from the first item and routes a stream deterministically', async () => {
    const run = async (): Promise<Array<{ storyId: string; decision: DedupeDecision }>> => {
      const index = inMemoryDedupeIndex();
      const out = [];
      for (const a of [quakeChile, quakeJapan, quakeChileResend, quakeChileRewrite, { ...quakeChile, providerItemId: 'a-3' }]) {
        const { storyId, decision } = await routeArticle(a, index);
        out.push({ storyId, decision });
      }
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const chileStory = storyIdFor({ providerId: 'wire-a', providerItemId: 'a-1' });
    expect(chileStory).toMatch(/^st-[0-9a-f]{24}$/);
    expect(first.map((r) => r.decision.kind)).toEqual(['new-story', 'new-story', 'near-duplicate', 'same-event', 'exact-duplicate']);
    expect(first.map((r) => r.storyId)).toEqual([chileStory, storyIdFor({ providerId: 'wire-b', providerItemId: 'b-9' }), chileStory, chileStory, chileStory]);
  });
  it('forgets items outside the window (event time) but keeps same-item and exact-copy routing', async () => {
    const index = inMemoryDedupeIndex({ windowMs: 86_400_000 });
    const first = await routeArticle(quakeChile, index);
    await routeArticle(article('wire-c', 'c-1', 'Later news', 'Parliament passed the budget on Friday in Santiago.', '2024-03-10'), index);
    const lateRewrite = await routeArticle({ ...quakeChileRewrite, versioncreated: Date.parse('2024-03-10T12:00:00Z') }, index);
    expect(lateRewrite.decision.kind).toBe('new-story');
    const lateCopy = await routeArticle({ ...quakeChile, providerItemId: 'a-50', versioncreated: Date.parse('2024-03-10T12:00:00Z') }, index);
    expect(lateCopy).toMatchObject({ storyId: first.storyId, decision: { kind: 'exact-duplicate', of: { providerItemId: 'a-1' } } });
    const lateUpdate = await routeArticle({ ...quakeChileResend, providerItemId: 'a-1', versioncreated: Date.parse('2024-03-10T13:00:00Z') }, index);
    expect(lateUpdate).toMatchObject({ storyId: first.storyId, decision: { kind: 'same-item' } });
  });
});

describe('subjects and follow-ups', () => {
  const stocks = (id: string, city: string, bushels: string, day = '2024-03-04') =>
    article(
      'wire-r',
      id,
      `${city} grain stocks fall in week`,
      `Grain stocks held in ${city} elevators fell to ${bushels} mln bushels in the week to Friday as shipments outpaced receipts, ` +
        `the exchange said. Wheat stocks fell while corn and soybean stocks were little changed, traders said.`,
      day,
    );
  it('keeps templated copy (other figures) about two subjects apart when each headline names what the other never mentions', () => {
    const toledo = fingerprintArticle(stocks('r-1', 'Toledo', '12.4'));
    const chicago = fingerprintArticle(stocks('r-2', 'Chicago', '31.7'));
    expect(subjectAgreement(chicago, [toledo])).toBe(0);
    expect(classify(chicago, [{ storyId: 'st-toledo', fingerprint: toledo }]).kind).toBe('new-story');
  });
  it('agrees on subjects when a member names the headline’s subject, and abstains without headline names', () => {
    const toledo = fingerprintArticle(stocks('r-1', 'Toledo', '12.4'));
    expect(subjectAgreement(fingerprintArticle(stocks('r-3', 'Toledo', '12.4')), [toledo])).toBe(1);
    expect(subjectAgreement(fingerprintArticle(article('wire-e', 'e-1', '', quakeChile.bodies[0]!.value)), [toledo])).toBeNull();
  });
  it('does not join a later day’s copy that shares the story’s names but not what happened to them', () => {
    const laterNews = article(
      'wire-a',
      'a-30',
      'Chile opens new copper smelter near Iquique',
      'President Gabriel Boric opened a copper smelter near Iquique in northern Chile, the mining ministry said. ' +
        'The plant will process ore from mines in the Tarapaca region and employ 900 workers, officials said.',
      '2024-03-09',
    );
    expect(classify(fingerprintArticle(laterNews), [chile]).kind).toBe('new-story');
  });
  const slaughter = (id: string, day: string, hogs: readonly [string, string, string, string], cattle: readonly [string, string, string, string]) =>
    article(
      'wire-r',
      id,
      'Hog and cattle kill estimates',
      `Traders on the Chicago Mercantile Exchange floor put today's hog kill at ${hogs[0]} to ${hogs[1]} head, against ${hogs[2]} a week earlier and ${hogs[3]} a year earlier. ` +
        `The cattle kill is put at ${cattle[0]} to ${cattle[1]} head, against ${cattle[2]} a week earlier and ${cattle[3]} a year earlier.`,
      day,
    );
  const monday = slaughter('r-10', '2024-03-04', ['270,000', '280,000', '281,000', '305,000'], ['121,000', '126,000', '119,000', '130,000']);
  it('keeps another day’s issue of one provider’s recurring report (its wording, other figures) apart', () => {
    const wednesday = slaughter('r-11', '2024-03-06', ['260,000', '270,000', '276,000', '305,000'], ['118,000', '123,000', '117,000', '128,000']);
    expect(classify(fingerprintArticle(wednesday), [{ storyId: 'st-monday', fingerprint: fingerprintArticle(monday) }]).kind).toBe('new-story');
    // nor does a regrouping merge it back
    expect(pairScores([{ fingerprint: fingerprintArticle(monday) }, { fingerprint: fingerprintArticle(wednesday) }])[0]![1]).toBe(0);
  });
  it('keeps a flash without figures, repeated on another day, apart as the next issue', () => {
    const flash = (id: string, headline: string, day: string) => article('wire-r', id, headline, '', day);
    const tuesday = flash('r-20', 'FED SETS TWO-DAY SYSTEM REPURCHASES, FED SAYS', '2024-03-05');
    const wednesday = flash('r-21', 'FED SETS OVERNIGHT SYSTEM REPURCHASES, FED SAYS', '2024-03-06');
    const sameDay = flash('r-22', 'FED SETS OVERNIGHT SYSTEM REPURCHASES, FED SAYS', '2024-03-05');
    const story = [{ storyId: 'st-tuesday', fingerprint: fingerprintArticle(tuesday) }];
    expect(classify(fingerprintArticle(wednesday), story).kind).toBe('new-story');
    expect(classify(fingerprintArticle(sameDay), story)).toMatchObject({ kind: 'same-event', storyId: 'st-tuesday' });
  });
  it('does not take one template filled in for two subjects, half its wording shared, for a copy', () => {
    const payout = (id: string, fund: string, own: string) =>
      article(
        'wire-r',
        id,
        `FRANKLIN ${fund.toUpperCase()} TAX-FREE SETS MONTHLY PAYOUT`,
        `Franklin ${fund} Tax-Free Income Fund said its board declared a monthly dividend of 6.1 cts a share, ` +
          `payable April 30 to holders of record April 15. ${own}`,
      );
    const minnesota = fingerprintArticle(payout('r-30', 'Minnesota', 'The fund invests in bonds of Minnesota cities, counties and schools.'));
    const michigan = fingerprintArticle(payout('r-31', 'Michigan', 'Its portfolio holds insured notes of Michigan towns, ports and colleges.'));
    const jaccard = estimateJaccard(minnesota.minhash, michigan.minhash);
    expect(jaccard).toBeGreaterThanOrEqual(MATCH_POLICY.sharedCopyJaccard);
    expect(jaccard).toBeLessThan(MATCH_POLICY.sharedCopySubjectsFrom);
    expect(subjectAgreement(minnesota, [michigan])).toBe(0);
    expect(classify(michigan, [{ storyId: 'st-mn', fingerprint: minnesota }]).kind).toBe('new-story');
  });
  it('still joins a table of the same day with other figures', () => {
    const revised = slaughter('r-12', '2024-03-04', ['272,000', '282,000', '281,000', '306,000'], ['122,000', '127,000', '118,000', '130,000']);
    expect(classify(fingerprintArticle(revised), [{ storyId: 'st-monday', fingerprint: fingerprintArticle(monday) }])).toMatchObject({ kind: 'same-event', storyId: 'st-monday' });
  });
});
