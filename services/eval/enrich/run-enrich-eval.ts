import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDateline, geocodeDateline } from '../../enrich/dateline.ts';
import { createDetailedEnricher, ENRICHER_VERSION } from '../../enrich/enrich-article.ts';
import { tagDocument } from '../../enrich/entities/tagger.ts';
import { loadEnrichmentModels } from '../../enrich/load-models.ts';
import { classifySubjects } from '../../enrich/subjects.ts';
import { isHeldOut, readBbc } from './bbc-reader.ts';
import { parseConll } from './conll-reader.ts';
import { countSpans, NER_TYPES, prf, type NerType, type Prf, type PrfCounts } from './ner-metrics.ts';
import { parseReutersSgml, type ReutersStory } from './reuters-reader.ts';
import { plainArticle } from './text-article.ts';
import type { Article } from '../../contracts/types.generated.ts';

export interface EnrichReport {
  enricherVersion: string;
  ner: null | { file: string; documents: number; tokens: number; byType: Record<NerType, Prf>; micro: Prf };
  subjects: null | {
    dir: string;
    trainSize: number;
    testSize: number;
    /** the trained classifier's top topic */
    correct: number;
    accuracy: number;
    byClass: Record<string, { correct: number; total: number }>;
    /** the full enrichment's top subject (classifier and cue topics together) */
    enrichedCorrect: number;
    enrichedAccuracy: number;
  };
  datelines: null | {
    dir: string;
    stories: number;
    withDateline: number;
    cityCorrect: number;
    cityAccuracy: number;
    /** datelines whose date the gold reading could parse: the denominator of dateAccuracy */
    withGoldDate: number;
    dateCorrect: number;
    dateAccuracy: number;
    /** datelines whose geocoded country is among the story's <PLACES> */
    countryChecked: number;
    countryCorrect: number;
    countryAccuracy: number;
    ungeocoded: number;
  };
  /** full enrichment of the held-out BBC articles */
  throughput: null | Throughput;
  /** full enrichment of the BBC articles of 5 KiB or more */
  longArticleThroughput: null | Throughput;
}

const MONTHS: Readonly<Record<string, number>> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** The gold reading of a Reuters <DATELINE>: "CITY, Mon DD -" with the year of the story's <DATE>. */
export function goldDateline(dateline: string, storyDate: number | null): { city: string; date: string | null } {
  const city = (dateline.split(',')[0] ?? '').replace(/^\*+/, '').replace(/\s+[A-Za-z]{3,}\.?\s+\d{1,2}\s*-?\s*$/, '').replace(/\s*-\s*$/, '').trim();
  const rest = dateline.slice(dateline.indexOf(',') + 1);
  const md = /\b([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2})\b/.exec(rest);
  const dm = /\b(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\b/.exec(rest);
  const month = md?.[1] ? MONTHS[md[1].toLowerCase()] : dm?.[2] ? MONTHS[dm[2].toLowerCase()] : undefined;
  const day = md?.[1] && MONTHS[md[1].toLowerCase()] ? md[2] : dm?.[1];
  const year = storyDate === null ? null : new Date(storyDate).getUTCFullYear();
  const date = month && day && year && (dateline.includes(',') || md !== null) ? `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}` : null;
  return { city, date };
}

// Reuters-21578 (1987) place codes whose names the gazetteer does not know; former states map to the successor holding the capital.
const REUTERS_PLACE_CODES: Readonly<Record<string, string>> = {
  usa: 'US', uk: 'GB', ussr: 'RU', 'west-germany': 'DE', 'east-germany': 'DE', uae: 'AE', 'hong-kong': 'HK', yugoslavia: 'RS', czechoslovakia: 'CZ',
};

function listSgm(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sgm')).sort().map((f) => join(dir, f));
}

export async function runEnrichEval(options: { conll?: string; bbc?: string; reuters?: string }): Promise<EnrichReport> {
  await Promise.resolve();
  const models = loadEnrichmentModels();
  const enrich = createDetailedEnricher(models);
  const report: EnrichReport = { enricherVersion: ENRICHER_VERSION, ner: null, subjects: null, datelines: null, throughput: null, longArticleThroughput: null };

  if (options.conll) {
    const docs = parseConll(readFileSync(options.conll, 'utf8'));
    const counts = Object.fromEntries(NER_TYPES.map((t) => [t, { truePositives: 0, gold: 0, predicted: 0 }])) as Record<NerType, PrfCounts>;
    let tokens = 0;
    for (const doc of docs) {
      const predicted = tagDocument(models.ner, doc.sentences.map((s) => s.tokens), models.lexicon);
      doc.sentences.forEach((s, i) => {
        tokens += s.tokens.length;
        countSpans(s.tags, predicted[i] ?? [], counts);
      });
    }
    const total = NER_TYPES.reduce((a, t) => ({ truePositives: a.truePositives + counts[t].truePositives, gold: a.gold + counts[t].gold, predicted: a.predicted + counts[t].predicted }), { truePositives: 0, gold: 0, predicted: 0 });
    report.ner = { file: options.conll, documents: docs.length, tokens, byType: Object.fromEntries(NER_TYPES.map((t) => [t, prf(counts[t])])) as Record<NerType, Prf>, micro: prf(total) };
  }

  if (options.bbc) {
    const items = readBbc(options.bbc);
    const test = items.filter((i) => isHeldOut(i.id));
    const byClass: Record<string, { correct: number; total: number }> = {};
    let correct = 0;
    let enrichedCorrect = 0;
    for (const item of test) {
      const [headline = '', ...body] = item.text.split('\n');
      if (enrich(plainArticle(body.join('\n').trim(), { headline })).subjects[0]?.code === item.code) enrichedCorrect += 1;
    }
    for (const item of test) {
      const label = item.id.split('/')[0] ?? '';
      const stats = (byClass[label] ??= { correct: 0, total: 0 });
      stats.total += 1;
      if (classifySubjects(models.subjects, item.text)[0]?.code === item.code) {
        correct += 1;
        stats.correct += 1;
      }
    }
    report.subjects = { dir: options.bbc, trainSize: items.length - test.length, testSize: test.length, correct, accuracy: test.length ? correct / test.length : 0, byClass, enrichedCorrect, enrichedAccuracy: test.length ? enrichedCorrect / test.length : 0 };
    report.throughput = measureThroughput(enrich, test.map((item) => item.text));
    report.longArticleThroughput = measureThroughput(
      enrich,
      items.map((item) => item.text).filter((text) => Buffer.byteLength(text) >= 5 * 1024),
    );
  }

  if (options.reuters) {
    const stories: ReutersStory[] = listSgm(options.reuters).flatMap((file) => parseReutersSgml(readFileSync(file, 'latin1')));
    const d = { dir: options.reuters, stories: stories.length, withDateline: 0, cityCorrect: 0, cityAccuracy: 0, withGoldDate: 0, dateCorrect: 0, dateAccuracy: 0, countryChecked: 0, countryCorrect: 0, countryAccuracy: 0, ungeocoded: 0 };
    const countryOf = (place: string): string | undefined => REUTERS_PLACE_CODES[place] ?? models.gazetteer.candidates(place.replace(/-/g, ' ')).find((c) => c.kind === 'country')?.countryCode;
    for (const story of stories) {
      if (!story.dateline) continue;
      d.withDateline += 1;
      const gold = goldDateline(story.dateline, story.date);
      const text = `${story.dateline} ${story.body}`;
      const parsed = parseDateline(text, story.date);
      if (parsed?.city === gold.city) d.cityCorrect += 1;
      if (gold.date !== null) d.withGoldDate += 1;
      if (gold.date !== null && parsed?.date === gold.date) d.dateCorrect += 1;
      const goldCountries = new Set(story.places.map(countryOf).filter((c): c is string => c !== undefined));
      if (parsed && goldCountries.size > 0) {
        d.countryChecked += 1;
        const place = geocodeDateline(parsed, models.gazetteer, new Set<string>());
        if (!place) d.ungeocoded += 1;
        else if (goldCountries.has(place.countryCode)) d.countryCorrect += 1;
      }
    }
    d.cityAccuracy = d.withDateline ? d.cityCorrect / d.withDateline : 0;
    d.dateAccuracy = d.withGoldDate ? d.dateCorrect / d.withGoldDate : 0;
    d.countryAccuracy = d.countryChecked ? d.countryCorrect / d.countryChecked : 0;
    report.datelines = d;
  }
  return report;
}

export interface Throughput {
  articles: number;
  bytes: number;
  /** wall time of the fastest of three passes */
  seconds: number;
  cpuSeconds: number;
  articlesPerSecond: number;
  meanBytes: number;
  /** bytes per second over 8 KiB: the rate for articles of the size the goal names */
  per8KbArticlesPerSecond: number;
}

/** Full enrichment, one thread; best of three passes, since the machine is shared and the fastest pass is the least disturbed. */
function measureThroughput(enrich: (article: Article) => unknown, texts: readonly string[]): Throughput {
  const articles = texts.map((text) => {
    const [headline = '', ...body] = text.split('\n');
    return plainArticle(body.join('\n').trim(), { headline });
  });
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  let seconds = Infinity;
  let cpuSeconds = Infinity;
  for (let pass = 0; pass < 3; pass += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const article of articles) enrich(article);
    const used = process.cpuUsage(cpu);
    seconds = Math.min(seconds, (performance.now() - started) / 1000);
    cpuSeconds = Math.min(cpuSeconds, (used.user + used.system) / 1e6);
  }
  const n = Math.max(1, texts.length);
  return { articles: texts.length, bytes, seconds, cpuSeconds, articlesPerSecond: texts.length / seconds, meanBytes: bytes / n, per8KbArticlesPerSecond: bytes / 8192 / seconds };
}

const pct = (x: number): string => x.toFixed(4);

function formatThroughput(name: string, t: Throughput): string {
  return `${name}: ${t.articlesPerSecond.toFixed(1)} articles/s on ${t.articles} articles (mean ${Math.round(t.meanBytes)} bytes; ${t.seconds.toFixed(2)} s wall, ${t.cpuSeconds.toFixed(2)} s CPU); ${t.per8KbArticlesPerSecond.toFixed(1)} 8 KiB-equivalent articles/s`;
}

export function formatEnrichReport(report: EnrichReport): string {
  const lines = [`enricher ${report.enricherVersion}`];
  if (report.ner) {
    const { ner } = report;
    lines.push(`NER (exact span) on ${ner.file}: ${ner.documents} documents, ${ner.tokens} tokens`);
    for (const t of NER_TYPES) {
      const p = ner.byType[t];
      lines.push(`  ${t}  P ${pct(p.precision)}  R ${pct(p.recall)}  F1 ${pct(p.f1)}  (gold ${p.gold}, predicted ${p.predicted}, correct ${p.truePositives})`);
    }
    lines.push(`  all  P ${pct(ner.micro.precision)}  R ${pct(ner.micro.recall)}  F1 ${pct(ner.micro.f1)}  (gold ${ner.micro.gold}, predicted ${ner.micro.predicted}, correct ${ner.micro.truePositives})`);
  }
  if (report.subjects) {
    const s = report.subjects;
    lines.push(`Subjects (IPTC Media Topics top level) on BBC held-out split: accuracy ${pct(s.accuracy)} (${s.correct}/${s.testSize}; trained on ${s.trainSize})`);
    for (const [label, c] of Object.entries(s.byClass)) lines.push(`  ${label}: ${c.correct}/${c.total}`);
    lines.push(`  top subject of the full enrichment (with cue topics): ${pct(s.enrichedAccuracy)} (${s.enrichedCorrect}/${s.testSize})`);
  }
  if (report.datelines) {
    const d = report.datelines;
    lines.push(`Datelines on Reuters-21578: ${d.withDateline} of ${d.stories} stories have one`);
    lines.push(`  city ${pct(d.cityAccuracy)} (${d.cityCorrect}/${d.withDateline})  date ${pct(d.dateAccuracy)} (${d.dateCorrect}/${d.withGoldDate} with a readable gold date)`);
    lines.push(`  geocoded country in <PLACES> ${pct(d.countryAccuracy)} (${d.countryCorrect}/${d.countryChecked}; not geocoded ${d.ungeocoded})`);
  }
  if (report.throughput) lines.push(formatThroughput('Throughput, held-out BBC (full enrichment, one thread, best of 3 passes)', report.throughput));
  if (report.longArticleThroughput) lines.push(formatThroughput('Throughput, BBC articles >= 5 KiB', report.longArticleThroughput));
  return lines.join('\n');
}
