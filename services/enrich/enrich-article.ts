import type { Article } from '../contracts/types.generated.ts';
import { articleText, mainHeadline } from './article-text.ts';
import { geocodeDateline, parseDateline } from './dateline.ts';
import type { DatelineEnrichment, Enrichment, EnrichmentDetail, Entity, Geo } from './enrichment.ts';
import { findMentions } from './entities/find-mentions.ts';
import { resolveEntities } from './entities/resolve-entities.ts';
import { extractKeywords } from './keywords.ts';
import { detectLanguage } from './language.ts';
import { loadEnrichmentModels, taggerFor, type EnrichmentModels } from './load-models.ts';
import { findQuotes } from './quotes.ts';
import { stopwordsFor } from './stopwords.ts';
import { summarize } from './summary.ts';
import { toEnrichment } from './to-enrichment.ts';
import { paragraphs, sentences } from './segmentation.ts';
import { cueSubjects } from './subject-cues.ts';
import { classifySubjects, type Subject } from './subjects.ts';

/** Bump when the code or a model changes what the enricher outputs: re-enrichment keys on it. */
export const ENRICHER_VERSION = 'storyline-enrich/1.11.0';

export type ArticleEnricher = (article: Article) => Enrichment;
export type DetailedArticleEnricher = (article: Article) => EnrichmentDetail;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function datelineOf(article: Article, text: string, models: EnrichmentModels, entities: readonly Entity[]): DatelineEnrichment | null {
  const reference = article.firstcreated ?? article.versioncreated;
  const fromBody = parseDateline(text, reference);
  const printed = article.located?.text ? parseDateline(`${article.located.text} - `, reference) : null;
  const parsed = fromBody ?? printed;
  if (!parsed) return null;
  const contextCountries = new Set(entities.flatMap((e) => (e.type === 'place' && e.geo?.kind === 'country' ? [e.geo.countryCode] : [])));
  const place = geocodeDateline(parsed, models.gazetteer, contextCountries);
  const geo: Geo | null = place ? { countryCode: place.countryCode, latitude: place.latitude, longitude: place.longitude, kind: place.kind } : null;
  return {
    text: parsed.text,
    start: fromBody ? parsed.start : 0,
    end: fromBody ? parsed.end : 0,
    city: parsed.city,
    placeName: place?.name ?? null,
    countryCode: place?.countryCode ?? null,
    countryName: place ? (models.gazetteer.country(place.countryCode)?.name ?? null) : null,
    date: parsed.date ?? (reference ? isoDay(reference) : null),
    dateSource: parsed.date ? 'dateline' : reference ? 'item' : null,
    source: parsed.source ?? article.located?.source ?? null,
    geo,
  };
}

/** Classifier and cue evidence for one topic combine (noisy-or): two independent signals agree. */
function rankSubjects(subjects: readonly Subject[]): Subject[] {
  const byCode = new Map<string, Subject>();
  for (const s of subjects) {
    const known = byCode.get(s.code);
    byCode.set(s.code, known ? { ...known, confidence: Math.round((1 - (1 - known.confidence) * (1 - s.confidence)) * 1000) / 1000 } : s);
  }
  return [...byCode.values()].sort((a, b) => b.confidence - a.confidence || a.code.localeCompare(b.code));
}

/** A pure, deterministic enricher over models loaded beforehand, with offsets and scores. */
export function createDetailedEnricher(models: EnrichmentModels): DetailedArticleEnricher {
  return (article) => {
    const text = articleText(article);
    const headline = mainHeadline(article);
    const head = parseDateline(text, article.firstcreated ?? article.versioncreated);
    const paragraphSpans = paragraphs(text, head?.end ?? 0);
    const language = detectLanguage(`${headline}\n${text}`);
    const sentenceSpans = sentences(text, paragraphSpans, language.code);
    const tagger = taggerFor(models, language.code);
    // A lone function word or weekday tagged as a name ("O Presidente", "Nous sommes", "Tuesday") is not one.
    const stopwords = stopwordsFor(language.code);
    const mentions = findMentions(text, sentenceSpans, tagger.model, tagger.lexicon).filter((m) => m.known !== null || m.text.includes(' ') || !stopwords.has(m.text.toLowerCase()));
    const entities = resolveEntities(mentions, models.gazetteer);
    return {
      enricherVersion: ENRICHER_VERSION,
      language: language.code,
      languageConfidence: language.confidence,
      entityModel: tagger.name,
      textLength: text.length,
      paragraphs: paragraphSpans,
      sentences: sentenceSpans,
      dateline: datelineOf(article, text, models, entities),
      entities,
      quotes: findQuotes(text, paragraphSpans, entities),
      keywords: extractKeywords(`${headline}\n${text}`, entities, models.subjects.idf, 10, language.code),
      summary: summarize(text, sentenceSpans, models.subjects.idf),
      // The classifier learned English (BBC News): other languages' copy gets the cue lists only.
      subjects: rankSubjects([...(language.code === 'en' ? classifySubjects(models.subjects, `${headline}\n${text}`) : []), ...cueSubjects(`${headline}\n${text}`)]),
    };
  };
}

/** A pure, deterministic enricher over models loaded beforehand, producing the contract record. */
export function createEnricher(models: EnrichmentModels): ArticleEnricher {
  const detailed = createDetailedEnricher(models);
  return (article) => toEnrichment(detailed(article));
}

let defaultEnricher: ArticleEnricher | null = null;

/**
 * Enriches with the committed models, loaded on first use. Services build their own with
 * `createEnricher(loadEnrichmentModels())` at their composition root.
 */
export function enrichArticle(article: Article): Enrichment {
  defaultEnricher ??= createEnricher(loadEnrichmentModels());
  return defaultEnricher(article);
}
