import type { EntityKind, NamedEntity, Place } from '../contracts/types.generated.ts';
import type { Enrichment, EnrichmentDetail, Entity } from './enrichment.ts';

function kindOf(entity: Entity): EntityKind {
  switch (entity.type) {
    case 'person':
      return 'PERSON';
    case 'organisation':
      return 'ORGANISATION';
    case 'place':
      return 'PLACE';
    default: {
      const never: never = entity;
      throw new Error(`unknown entity ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A language-independent identity where the gazetteer knows the entity: Женева, Genève and Geneva are one
 * place, `storyline:place:CH:city:geneva`, so copy in several languages can be linked.
 */
export function entityUri(entity: Entity): string | null {
  if (entity.type !== 'place' || !entity.geo) return null;
  return `storyline:place:${entity.geo.countryCode}:${entity.geo.kind}:${entity.name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-')}`;
}

/** The contract record (storyline.v1.Enrichment) from the detailed findings. */
export function toEnrichment(detail: EnrichmentDetail): Enrichment {
  const entities: NamedEntity[] = detail.entities.map((e) => ({
    kind: kindOf(e),
    canonicalName: e.name,
    aliases: e.aliases,
    mentions: e.mentionCount,
    offsets: e.mentions.map(({ start, end }) => ({ start, end })),
    uri: entityUri(e),
    confidence: null,
  }));
  const places: Place[] = detail.entities.flatMap((e) =>
    e.type === 'place' && e.geo ? [{ name: e.name, uri: null, rel: null, countryCode: e.geo.countryCode, latitude: e.geo.latitude, longitude: e.geo.longitude }] : [],
  );
  const dateline = detail.dateline;
  if (dateline?.geo && dateline.placeName && !places.some((p) => p.name === dateline.placeName && p.countryCode === dateline.countryCode)) {
    places.push({ name: dateline.placeName, uri: null, rel: 'dateline', countryCode: dateline.geo.countryCode, latitude: dateline.geo.latitude, longitude: dateline.geo.longitude });
  }
  return {
    language: detail.language === 'und' ? null : detail.language,
    dateline: dateline ? { text: dateline.text, city: dateline.city, country: dateline.countryName, date: dateline.date, source: dateline.source } : null,
    entities,
    places,
    quotes: detail.quotes.map((q) => ({ text: q.text, speaker: q.speaker, span: { start: q.start, end: q.end } })),
    keywords: detail.keywords.map((k) => k.text),
    summary: detail.summary.text || null,
    subjects: detail.subjects.map((s) => ({ code: s.code, label: s.label, confidence: s.confidence })),
    sentenceCount: detail.sentences.length,
    paragraphCount: detail.paragraphs.length,
    sentences: detail.sentences.map(({ start, end }) => ({ start, end })),
    paragraphs: detail.paragraphs.map(({ start, end }) => ({ start, end })),
  };
}
