import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inMemoryDedupeIndex } from '../../../services/dedupe/dedupe-index.ts';
import { fingerprintArticle } from '../../../services/dedupe/fingerprint.ts';
import { routeArticle } from '../../../services/dedupe/routing-pipeline.ts';
import type { Article } from '../../../services/contracts/types.generated.ts';
import { parseItem } from '../../../services/ingest/parsers/index.ts';

// The Geneva talks of 21 January 2022 as reported in English (the seed) and in French, Russian and
// Arabic (items written for the project), parsed as ingest parses them: one event, four languages.
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

/** The English report opens a story; then a French item written here is routed. */
async function afterTheEnglishReport(frenchText: string) {
  const index = inMemoryDedupeIndex();
  const opened = await routeArticle(english(), index);
  return { opened, route: await routeArticle(parsed(Buffer.from(frenchText), 'afp'), index) };
}

describe('one event reported in English, French, Russian and Arabic', () => {
  it('gives the actors, the dateline city and the language one identity whatever the language', () => {
    const [en, fr, ru, ar] = [english(), french(), russian(), arabic()].map(fingerprintArticle);
    expect([en!.language, fr!.language, ru!.language, ar!.language]).toEqual(['en', 'fr', 'ru', 'ar']);
    expect([en!.place, fr!.place, ru!.place, ar!.place]).toEqual(['geneva', 'geneva', 'geneva', 'geneva']);
    for (const fp of [en!, fr!, ru!, ar!]) for (const name of ['@n:antony-blinken', '@n:sergey-lavrov']) expect(Object.keys(fp.entities)).toContain(name);
    // Without case, words without an identity are never names.
    expect(Object.keys(ar!.entities).every((name) => name.startsWith('@'))).toBe(true);
  });

  it('joins the French, the Russian and the Arabic report to the English story as related coverage, saying it joined across languages', async () => {
    const index = inMemoryDedupeIndex();
    const opened = await routeArticle(english(), index);
    expect(opened.decision.kind).toBe('new-story');
    for (const report of [french(), russian(), arabic()]) {
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

  it('keeps apart an Arabic report from the same city and day about other events', async () => {
    const index = inMemoryDedupeIndex();
    const opened = await routeArticle(english(), index);
    const route = await routeArticle(parsed(Buffer.from('جنيف، 21 يناير (أ ش أ) - أعلنت اللجنة الدولية للصليب الأحمر يوم الجمعة في جنيف عن نداء قياسي لتمويل عملياتها الإنسانية في عام 2022.\n\nوأشار المدير العام للجنة إلى الاحتياجات في أفغانستان واليمن وإثيوبيا.'), 'mena'), index);
    expect(route.storyId).not.toBe(opened.storyId);
    expect(route.decision.kind).toBe('new-story');
  });

  it('keeps apart the same actors in another language on another day (a later meeting is another event)', async () => {
    const { opened, route } = await afterTheEnglishReport('GENÈVE, 12 février (AFP) - Antony Blinken et Sergueï Lavrov se sont entretenus par téléphone samedi, trois semaines après leur rencontre à Genève, sans avancée sur l\'Ukraine.\n\nVladimir Poutine et Joe Biden doivent se parler dimanche.');
    expect(route.storyId).not.toBe(opened.storyId);
  });
});
