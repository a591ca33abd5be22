import { describe, expect, it } from 'vitest';
import { contextAggregationFeatures } from '../../../services/enrich/entities/context-aggregation.ts';
import { documentConsistencyFeatures } from '../../../services/enrich/entities/document-consistency.ts';
import { headingTopic } from '../../../services/enrich/entities/document-heading.ts';
import { possessiveNameFeatures } from '../../../services/enrich/entities/possessive-names.ts';
import { documentPassFeatures } from '../../../services/enrich/entities/document-pass.ts';
import { resultsTableFeatures } from '../../../services/enrich/entities/results-table.ts';

const words = (line: string): string[] => line.split(' ');

describe("the English tagger's document pass", () => {
  const sentences = [words('RUGBY UNION - LEICESTER BEAT BATH .'), words('Leicester City beat Bath 12 10 .'), words('Leicester played at home .'), words('Leicester 12 Bath 10'), words('Leicester won .')];
  const firstPass = [
    ['O', 'O', 'O', 'B-LOC', 'O', 'B-LOC', 'O'],
    ['B-ORG', 'I-ORG', 'O', 'B-ORG', 'O', 'O', 'O'],
    ['B-ORG', 'O', 'O', 'O', 'O'],
    ['B-LOC', 'O', 'B-ORG', 'O'],
    ['B-ORG', 'O', 'O'],
  ];

  it("gives each word the type the document's first pass gives it most, the types it gives it at all, and the type of longer names around it", () => {
    const features = documentConsistencyFeatures(sentences, firstPass);
    const leicesterInTable = features[3]?.[0] ?? [];
    expect(leicesterInTable).toContain('p1=B-LOC');
    expect(leicesterInTable).toContain('dw=ORG');
    expect(leicesterInTable).toContain('dws=LOC+ORG');
    expect(leicesterInTable).toContain('dc=ORG');
    expect(features[0]?.[3]).toContain('dw=ORG');
    // a lower-case word gets its neighbours' readings only
    expect(features[2]?.[1]).toEqual(['p1=O', 'dwn-1=ORG']);
  });

  it('gives a capitalised word the words around its other mentions', () => {
    const features = contextAggregationFeatures([words('Pirelli SpA said so .'), words('Italian giant Pirelli rose .')]);
    expect(features[1]?.[2]).toEqual(expect.arrayContaining(['agg-1=<s>', 'agg+1=spa', 'agg-1=giant', 'agg+1=rose']));
    expect(features[1]?.[1]).toEqual([]);
  });

  it("marks a name that carries its 's wherever it stands, once the document prints the 's owning nothing", () => {
    const features = possessiveNameFeatures([words("Acme 's board met on Monday ."), words("Acme 's said profits rose ."), words("Smith 's plan went ahead .")]);
    expect(features[0]?.slice(0, 2)).toEqual([['name-s-before'], ['name-s']]);
    expect(features[2]?.slice(0, 2)).toEqual([[], []]);
  });

  it('reads the topic slug of the first line', () => {
    expect(headingTopic(sentences)).toBe('rugby union');
    expect(headingTopic([words('SOCCER - CUP ROUND-UP FROM LISBON .')])).toBe('soccer');
    expect(headingTopic([words('The minister - who spoke on Friday - said so .')])).toBeNull();
    expect(headingTopic([words('ROME 1996-08-30 - talks .')])).toBeNull();
  });

  it('marks the names of a results line, and no word of a prose sentence as in a table', () => {
    const table = resultsTableFeatures(words('Santos 3 Nova Gremio 1'));
    expect(table[0]).toContain('table-line|before-number=true');
    expect(table[2]).toContain('run-before-number|after=true');
    expect(table[1]).toEqual([]);
    expect(resultsTableFeatures(words('Santos beat Nova Gremio 3 1 on Sunday .')).flat().filter((f) => f.startsWith('table-line'))).toEqual([]);
  });

  it('adds the topic with the first-pass tag to capitalised words, and the neighbours\' first-pass tags to every word', () => {
    const features = documentPassFeatures(sentences, firstPass);
    expect(features[3]?.[0]).toContain('hd=rugby union|p1=B-LOC');
    expect(features[3]?.[1]).toEqual(expect.arrayContaining(['pn-1=B-LOC', 'pn+1=B-ORG']));
    expect(features[3]?.[1]?.some((f) => f.startsWith('hd='))).toBe(false);
  });
});
