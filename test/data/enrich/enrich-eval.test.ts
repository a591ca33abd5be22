import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FILES } from '../../../services/enrich/load-models.ts';
import { buildWordClusters, clusterCorpus, DEFAULT_CLUSTER_OPTIONS } from '../../../services/enrich/training/build-word-clusters.ts';
import { trainNer } from '../../../services/enrich/training/train-ner.ts';
import { trainDocumentPass } from '../../../services/enrich/training/train-ner-document-pass.ts';
import { parseConll } from '../../../services/eval/enrich/conll-reader.ts';
import { isHeldOut, readBbc, trainSubjects } from '../../../services/enrich/training/train-subjects.ts';
import { formatEnrichReport, runEnrichEval, type EnrichReport } from '../../../services/eval/enrich/index.ts';

const repo = resolve(import.meta.dirname, '../../..');
const dataDir = process.env.STORYLINE_DATA_DIR ?? resolve(repo, '../shared/data');
const paths = {
  conll: join(dataDir, 'conll2003/eng.testa'),
  bbc: join(dataDir, 'bbc'),
  reuters: join(dataDir, 'reuters21578/sgm-data'),
};

describe('enrichment on real corpora', () => {
  let report: EnrichReport;
  beforeAll(async () => {
    for (const path of Object.values(paths)) {
      if (!existsSync(path)) throw new Error(`data missing: ${path} (set STORYLINE_DATA_DIR or lay ../shared/data beside the repository)`);
    }
    report = await runEnrichEval(paths);
    console.log(formatEnrichReport(report));
  }, 600_000);

  // Floors at the December 2026 figures less 0.01 (0.9305: PER 0.952, ORG 0.871, LOC 0.952, with the document pass and the carrier rule);
  // ORG is held at the goal itself (0.87): the committed model's figure is deterministic.
  it('tags PER, ORG and LOC on CoNLL-2003 eng.testa with exact-span F1 ≥ 0.92, ORG ≥ 0.87', () => {
    expect(report.ner?.micro.gold).toBe(5020);
    expect(report.ner?.micro.f1).toBeGreaterThanOrEqual(0.92);
    expect(report.ner?.byType.PER.f1).toBeGreaterThanOrEqual(0.942);
    expect(report.ner?.byType.LOC.f1).toBeGreaterThanOrEqual(0.941);
    expect(report.ner?.byType.ORG.f1).toBeGreaterThanOrEqual(0.87);
  });

  it('classifies held-out BBC articles into Media Topics with accuracy ≥ 0.95', () => {
    expect(report.subjects?.testSize).toBeGreaterThan(250);
    expect(report.subjects?.trainSize).toBeGreaterThan(1000);
    expect(report.subjects?.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.subjects?.enrichedAccuracy).toBeGreaterThanOrEqual(0.93);
  });

  it('reads Reuters datelines: city and date ≥ 0.98, geocoded country among <PLACES> ≥ 0.97', () => {
    const d = report.datelines!;
    expect(d.withDateline).toBeGreaterThan(18_000);
    expect(d.cityAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(d.dateAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(d.countryAccuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('reports throughput (a figure, not a pass/fail)', () => {
    expect(report.throughput?.articles).toBeGreaterThan(0);
  });

  it('the committed subject model is what its training command produces', () => {
    const items = readBbc(paths.bbc).filter((i) => !isHeldOut(i.id));
    const model = trainSubjects(items, { epochs: 12, seed: 7, minCount: 2, l2: 1e-5 });
    expect(JSON.parse(gunzipSync(readFileSync(MODEL_FILES.subjects)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('the committed word clusters are what their build command produces (eng.train tokens and Reuters text, no tags)', () => {
    const clusters = buildWordClusters(clusterCorpus(join(dataDir, 'conll2003/eng.train'), paths.reuters), DEFAULT_CLUSTER_OPTIONS);
    expect(JSON.parse(gunzipSync(readFileSync(MODEL_FILES.wordClustersEn)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(clusters)));
  }, 600_000);

  it('the committed NER model is what its training command produces', () => {
    const model = trainNer(readFileSync(join(dataDir, 'conll2003/eng.train'), 'utf8'), { epochs: 8, seed: 7, minCount: 2 });
    expect(JSON.parse(gunzipSync(readFileSync(MODEL_FILES.ner)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(model)));
  }, 300_000);

  it("the committed English document pass is what its training command produces (first-pass tags from 5 folds of eng.train)", () => {
    const model = trainDocumentPass(parseConll(readFileSync(join(dataDir, 'conll2003/eng.train'), 'utf8')), { folds: 5, firstPassEpochs: 8, epochs: 12, seed: 7, minCount: 2 });
    expect(JSON.parse(gunzipSync(readFileSync(MODEL_FILES.nerDocumentPass)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(model)));
  }, 900_000);
});
