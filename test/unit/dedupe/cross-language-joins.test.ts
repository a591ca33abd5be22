import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import { identitiesInUnspaced } from '../../../services/dedupe/unspaced-names.ts';
import type { Article } from '../../../services/contracts/types.generated.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';

// The Geneva talks of 21 January 2022 as reported in English (the seed) and in French, Russian, Arabic
// and Chinese (items written for the project), parsed as ingest parses them: one event, five languages.
const RECEIVED = Date.UTC(2022, 0, 22, 12);
const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));

function parsed(bytes: Buffer, providerId: string): Article {
  const outcome = parseItem({ bytes, contentType: 'text/plain', provider: { id: providerId, name: null }, submissionId: `s-${providerId}`, receivedAt: RECEIVED });
  if (!outcome.ok) throw new Error(`${providerId}: ${JSON.stringify(outcome)}`);
  return outcome.article;
}

const english = () => parsed(fixture('wire/geneva-talks-2022-01-22.txt'), 'demo-wire');
const french = () => parsed(fixture('talks/geneva-2022-01-21.fr.txt'), 'afp');
const russian = () => parsed(fixture('talks/geneva-2022-01-21.ru.txt'), 'ria');
// Arabic has no case: its names are only those with an identity (the lexicon's people and bodies, countries).
const arabic = () => parsed(fixture('talks/geneva-2022-01-21.ar.txt'), 'mena');
// Chinese is written without spaces: its names are found in the runs themselves (unspaced-names.ts).
const chinese = () => parsed(fixture('talks/geneva-2022-01-21.zh.txt'), 'xinhua');

/** The English report opens a story; then a French item written here is routed. */
async function afterTheEnglishReport(frenchText: string) {
  const index = inMemoryDedupeIndex();
  const opened = await routeArticle(english(), index);
  return { opened, route: await routeArticle(parsed(Buffer.from(frenchText), 'afp'), index) };
}

describe('one event reported in English, French, Russian, Arabic and Chinese', () => {
  it('gives the actors, the dateline city and the language one identity whatever the language', () => {
    const [en, fr, ru, ar, zh] = [english(), french(), russian(), arabic(), chinese()].map(fingerprintArticle);
    expect([en!.language, fr!.language, ru!.language, ar!.language, zh!.language]).toEqual(['en', 'fr', 'ru', 'ar', 'zh']);
    expect([en!.place, fr!.place, ru!.place, ar!.place, zh!.place]).toEqual(['geneva', 'geneva', 'geneva', 'geneva', 'geneva']);
    expect(Object.keys(zh!.entities)).toEqual(['@n:antony-blinken', '@n:sergey-lavrov', '@ru', '@ua', '@us']);
    for (const fp of [en!, fr!, ru!, ar!, zh!]) for (const name of ['@n:antony-blinken', '@n:sergey-lavrov']) expect(Object.keys(fp.entities)).toContain(name);
    // Without case, words without an identity are never names.
    expect(Object.keys(ar!.entities).every((name) => name.startsWith('@'))).toBe(true);
  });

  it('joins the French, the Russian, the Arabic and the Chinese report to the English story as related coverage, saying it joined across languages', async () => {
    const index = inMemoryDedupeIndex();
    const opened = await routeArticle(english(), index);
    expect(opened.decision.kind).toBe('new-story');
    for (const report of [french(), russian(), arabic(), chinese()]) {
      const route = await routeArticle(report, index);
      expect(route.storyId, report.provider.id).toBe(opened.storyId);
      expect(route.decision.kind).toBe('same-event');
      const signals = route.decision.kind === 'same-event' ? route.decision.evidence.signals : [];
      expect(signals.find((s) => s.name === 'cross-language')?.score).toBe(1);
      expect(signals.map((s) => s.name)).not.toContain('content');
    }
  });

  it('keeps apart a report in another language from the same city and day about other people', async () => {
    const { opened, route } = await afterTheEnglishReport('GENÈVE, 21 janvier (AFP) - Le Comité international de la Croix-Rouge a annoncé vendredi à Genève un appel de fonds de 2,8 milliards de francs suisses pour ses opérations humanitaires en 2022, un montant record.\n\nLe directeur général Robert Mardini a cité les besoins en Afghanistan, au Yémen et en Éthiopie.');
    expect(route.storyId).not.toBe(opened.storyId);
    expect(route.decision.kind).toBe('new-story');
  });

  it.each([
    ['Arabic', 'mena', 'جنيف، 21 يناير (أ ش أ) - أعلنت اللجنة الدولية للصليب الأحمر يوم الجمعة في جنيف عن نداء قياسي لتمويل عملياتها الإنسانية في عام 2022.\n\nوأشار المدير العام للجنة إلى الاحتياجات في أفغانستان واليمن وإثيوبيا.'],
    ['Chinese', 'xinhua', '新华社日内瓦1月21日电 世界卫生组织21日在日内瓦表示，全球新冠病例继续增加，欧洲和非洲的情况尤为严峻。'],
  ])('keeps apart a %s report from the same city and day about other events', async (_language, provider, text) => {
    const index = inMemoryDedupeIndex();
    const opened = await routeArticle(english(), index);
    const route = await routeArticle(parsed(Buffer.from(text), provider), index);
    expect(route.storyId).not.toBe(opened.storyId);
    expect(route.decision.kind).toBe('new-story');
  });

  it('keeps apart the same actors in another language on another day (a later meeting is another event)', async () => {
    const { opened, route } = await afterTheEnglishReport('GENÈVE, 12 février (AFP) - Antony Blinken et Sergueï Lavrov se sont entretenus par téléphone samedi, trois semaines après leur rencontre à Genève, sans avancée sur l\'Ukraine.\n\nVladimir Poutine et Joe Biden doivent se parler dimanche.');
    expect(route.storyId).not.toBe(opened.storyId);
  });
});

describe('names inside runs of unspaced scripts', () => {
  it('finds the longest known name at each point of a Chinese or Japanese run, and nothing in other scripts', () => {
    expect(identitiesInUnspaced('俄罗斯外长拉夫罗夫与美国国务卿布林肯会谈')).toEqual(['@ru', '@n:sergey-lavrov', '@us', '@n:antony-blinken']);
    expect(identitiesInUnspaced('联合国安理会今天开会')).toEqual(['@n:united-nations-security-council']);
    expect(identitiesInUnspaced('ウクライナ情勢')).toEqual(['@ua']);
    expect(identitiesInUnspaced('今天天气很好')).toEqual([]);
  });
});
