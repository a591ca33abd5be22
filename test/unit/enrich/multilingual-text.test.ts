import { describe, expect, it } from 'vitest';
import { createDetailedEnricher } from '../../../services/enrich/enrich-article.ts';
import { detectLanguage } from '../../../services/enrich/language.ts';
import { loadEnrichmentModels } from '../../../services/enrich/load-models.ts';
import { toEnrichment } from '../../../services/enrich/to-enrichment.ts';
import { tokenize } from '../../../services/enrich/tokenize.ts';
import { plainArticle } from '../../../services/eval/enrich/text-article.ts';
import { parseWireDateline } from '../../../services/shared/text/wire-dateline.ts';

const enrich = createDetailedEnricher(loadEnrichmentModels());
const at = Date.UTC(2024, 5, 15, 12);

describe('quotes in every language’s marks, with their speaker', () => {
  it.each([
    ['de', 'BERLIN, 5. März (dpa) - Bundeskanzler Olaf Scholz hat am Montag den Präsidenten empfangen. „Wir stehen fest an der Seite der Ukraine“, sagte Scholz nach dem Treffen.', 'Wir stehen fest an der Seite der Ukraine', 'Olaf Scholz'],
    ['fr', 'PARIS, 14 mars (AFP) - Le président Emmanuel Macron a reçu le chancelier. « Nous sommes unis face à la guerre », a déclaré Emmanuel Macron.', 'Nous sommes unis face à la guerre', 'Emmanuel Macron'],
    ['ru', 'МОСКВА, 4 сентября (РИА Новости) — Министр иностранных дел Сергей Лавров встретился с послом. «Мы готовы к переговорам без условий», — заявил Лавров.', 'Мы готовы к переговорам без условий', 'Sergey Lavrov'],
    ['es', 'MADRID, 3 jun (EFE).- El presidente Pedro Sánchez defendió su plan. "Vamos a construir más viviendas públicas", dijo Pedro Sánchez en el Congreso.', 'Vamos a construir más viviendas públicas', 'Pedro Sánchez'],
    ['en', 'GENEVA (AP) — Antony Blinken met Sergei Lavrov. “We are not going to see a breakthrough here,” Blinken said.', 'We are not going to see a breakthrough here,', 'Antony Blinken'],
  ])('%s', (language, text, quoted, speaker) => {
    const detail = enrich(plainArticle(text, { versioncreated: at }));
    expect(detail.language).toBe(language);
    expect(detail.quotes.map((q) => [q.text, q.speaker])).toEqual([[quoted, speaker]]);
  });

  it('reads German single marks and Chinese corner brackets', () => {
    const german = enrich(plainArticle('BERLIN (dpa) - Die Ministerin sagte: ‚Das ist ein guter Tag für Europa‘ und ging.', { versioncreated: at }));
    expect(german.quotes.map((q) => q.text)).toEqual(['Das ist ein guter Tag für Europa']);
    const chinese = enrich(plainArticle('新华社北京3月5日电 发言人表示：「中方愿意继续推动和平谈判」。', { versioncreated: at }));
    expect(chinese.quotes.map((q) => q.text)).toEqual(['中方愿意继续推动和平谈判']);
  });
});

describe('language-independent identity and the tagger used', () => {
  it('gives Женева, Genève and Geneva one place uri', () => {
    const names = [
      'ЖЕНЕВА, 6 июня (РИА Новости) — Переговоры начались в четверг в Женеве.',
      'GENÈVE, 3 juin (AFP) - Des diplomates se sont réunis lundi à Genève pour des négociations.',
      'GENEVA (AP) — Diplomats met in Geneva on Monday for talks on arms control.',
    ].map((text) => {
      const enrichment = toEnrichment(enrich(plainArticle(text, { versioncreated: at })));
      return enrichment.places.find((p) => p.name === 'Geneva')?.countryCode;
    });
    expect(names).toEqual(['CH', 'CH', 'CH']);
    const english = toEnrichment(enrich(plainArticle('Diplomats met in Geneva on Monday for talks on arms control, officials said.', { versioncreated: at })));
    expect(english.entities.find((e) => e.canonicalName === 'Geneva')?.uri).toBe('storyline:place:CH:city:geneva');
  });

  it('says which model tagged the text and never runs the English tagger on other languages', () => {
    expect(enrich(plainArticle('BERLIN (dpa) - Die Bundesregierung hat am Montag in Berlin einen neuen Haushalt beschlossen.', { versioncreated: at })).entityModel).toBe('ner-de');
    expect(enrich(plainArticle('ROMA, 3 giu (ANSA) - Il governo ha approvato oggi a Roma una nuova legge sul lavoro.', { versioncreated: at })).entityModel).toBe('ner-es');
    expect(enrich(plainArticle('ΑΘΗΝΑ, 12 Μαΐου (ΑΠΕ-ΜΠΕ) - Ο πρωθυπουργός συναντήθηκε σήμερα με τον πρόεδρο της Δημοκρατίας.', { versioncreated: at })).entityModel).toBe('gazetteer');
  });

  it('tells the Cyrillic languages apart', () => {
    expect(detectLanguage('Президент України провів зустріч з міністром оборони у четвер.').code).toBe('uk');
    expect(detectLanguage('Министр иностранных дел России встретился в понедельник с послом США.').code).toBe('ru');
    expect(detectLanguage('Българският министър-председател заяви, че правителството ще предложи нов бюджет.').code).toBe('bg');
    expect(detectLanguage('Председник Србије је данас у Београду примио амбасадора.').code).toBe('sr');
  });
});

describe('scripts without spaces or case', () => {
  it('splits Chinese and Japanese runs into words, each with its own offsets, and leaves spaced scripts as they were', () => {
    const text = 'Xinhua: 新华社北京3月5日电 东京で首相が会見 Geneva.';
    const tokens = tokenize(text, 10);
    expect(tokens.map((t) => t.text)).toEqual(['Xinhua', ':', '新华社', '北京', '3', '月', '5', '日', '电', '东京', 'で', '首相', 'が', '会見', 'Geneva', '.']);
    for (const t of tokens) expect(text.slice(t.start - 10, t.end - 10)).toBe(t.text);
  });

  it('finds places in Chinese and Arabic copy by the gazetteer’s names in those scripts', () => {
    const zh = enrich(plainArticle('新华社开罗5月16日电 埃及总统今天在开罗会见美国国务卿。', { versioncreated: at }));
    expect(zh.entities.map((e) => [e.type, e.name])).toEqual(expect.arrayContaining([['place', 'Egypt'], ['place', 'Cairo'], ['place', 'United States']]));
    const ar = enrich(plainArticle('بيروت، 6 يونيو (وكالة) - عقد مجلس الوزراء في لبنان اليوم جلسة في بيروت.', { versioncreated: at }));
    expect(ar.entities.map((e) => [e.type, e.name])).toEqual(expect.arrayContaining([['place', 'Lebanon'], ['place', 'Beirut']]));
  });
});

describe('neighbouring languages on short copy', () => {
  // franc ranks Spanish (or French) first on each of these, within a few hundredths of the right language.
  it.each([
    ['pt', 'O Presidente de Espanha, Pedro Sánchez, recebeu hoje em Madrid líderes sindicais.'],
    ['pt', 'O Presidente da Bolívia, Luis Arce, recebeu hoje em La Paz líderes indígenas.'],
    ['es', 'El presidente de Chile habló hoy en Santiago sobre la reforma.'],
  ])('%s: %s', (language, text) => {
    expect(detectLanguage(text).code).toBe(language);
  });

  it('leaves copy whose close candidates write the same function words to franc', () => {
    expect(detectLanguage('La ministra de Salud visitó hoy en Toledo el nuevo hospital.').code).toBe('es');
    expect(detectLanguage('Il ministro della Salute ha visitato oggi a Bari il nuovo ospedale.').code).toBe('it');
  });
});

describe('institutions and titles that house style capitalises', () => {
  const names = (text: string): string[] => enrich(plainArticle(text, { versioncreated: at })).entities.map((e) => `${e.type}:${e.name}`);

  it('drops a bare institution noun and keeps the country an institution belongs to', () => {
    expect(names('SANTIAGO, 4 oct (EFE).- El Gobierno aprobó hoy una reforma de las pensiones, informó la Policía.')).toEqual([]);
    expect(names('PRAIA, 2 out (Lusa) - O Governo de Cabo Verde aprovou hoje um plano para a pesca.')).toEqual(['place:Cabo Verde']);
    expect(names('LONDON (Reuters) - The Government of Kenya said on Tuesday it would raise taxes.')).toEqual(['place:Kenya']);
  });

  it('starts a person at the first name after a title and the body it heads', () => {
    expect(names('ROMA, 7 ott (ANSA) - Il presidente del Consiglio Paolo Gentiloni ha ricevuto oggi i sindaci.')).toEqual(['person:Paolo Gentiloni']);
    expect(names('LISBOA, 7 out (Lusa) - O presidente da Câmara Carlos Moedas inaugurou hoje uma escola.')).toEqual(['person:Carlos Moedas']);
  });
});

describe('wire datelines stay linear', () => {
  it('reads only the head of a 1 MB paragraph', () => {
    const text = `PARIS, 14 mars (AFP) - ${'Le président a parlé. '.repeat(50_000)}`;
    const started = performance.now();
    expect(parseWireDateline(text, at)?.city).toBe('PARIS');
    expect(parseWireDateline(`${'A, '.repeat(400_000)}(AFP) - x`, at)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
