import type { Enrichment, NamedEntity, TextSpan } from '../../../contracts/types.generated.ts';

interface Mention extends TextSpan {
  readonly entity: NamedEntity;
}

const KIND_LABEL: Readonly<Record<string, string>> = { PERSON: 'person', ORGANISATION: 'organisation', PLACE: 'place', OTHER: 'other' };

/** Paragraph spans of the text: the enricher's when it has them, else blank-line blocks. */
function paragraphSpans(text: string, enrichment: Enrichment | null): TextSpan[] {
  if (enrichment && enrichment.paragraphs.length > 0 && enrichment.paragraphs.every((p) => p.end <= text.length)) return enrichment.paragraphs;
  // Runs of non-blank lines, in one pass.
  const spans: TextSpan[] = [];
  let start = -1;
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text[i] !== '\n') continue;
    const blank = text.slice(lineStart, i).trim() === '';
    if (!blank && start < 0) start = lineStart;
    if (blank && start >= 0) {
      spans.push({ start, end: lineStart - 1 });
      start = -1;
    }
    lineStart = i + 1;
  }
  if (start >= 0) spans.push({ start, end: text.length });
  return spans;
}

/** Mentions that fit the text, first come first kept where two overlap. */
function mentionsOf(text: string, entities: readonly NamedEntity[]): Mention[] {
  const all = entities.flatMap((entity) => entity.offsets.filter((o) => o.start >= 0 && o.end <= text.length && o.start < o.end).map((o) => ({ ...o, entity })));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const mention of all) if (kept.length === 0 || mention.start >= kept[kept.length - 1]!.end) kept.push(mention);
  return kept;
}

/** The body with every entity mention marked by kind; the enrichment's offsets point into this same text. */
export function HighlightedText({ text, enrichment }: { text: string; enrichment: Enrichment | null }) {
  const mentions = mentionsOf(text, enrichment?.entities ?? []);
  return (
    <div class="body-text">
      {paragraphSpans(text, enrichment).map((paragraph) => {
        const parts = [];
        let at = paragraph.start;
        for (const mention of mentions) {
          if (mention.start < paragraph.start || mention.end > paragraph.end) continue;
          if (mention.start > at) parts.push(text.slice(at, mention.start));
          const kind = KIND_LABEL[mention.entity.kind] ?? 'other';
          parts.push(
            <mark class={`entity ${kind}`} title={`${kind}: ${mention.entity.canonicalName}`} key={mention.start}>
              {text.slice(mention.start, mention.end)}
            </mark>,
          );
          at = mention.end;
        }
        parts.push(text.slice(at, paragraph.end));
        return <p key={paragraph.start}>{parts}</p>;
      })}
    </div>
  );
}

export function EntityList({ enrichment }: { enrichment: Enrichment | null }) {
  if (!enrichment || enrichment.entities.length === 0) return <p class="muted">No entities found (yet: enrichment follows publication).</p>;
  return (
    <ul class="entities" aria-label="Entities">
      {enrichment.entities.map((entity) => (
        <li key={`${entity.kind}:${entity.canonicalName}`}>
          <span class={`entity ${KIND_LABEL[entity.kind] ?? 'other'}`}>{entity.canonicalName}</span> <span class="muted">{KIND_LABEL[entity.kind]}, {entity.mentions}×</span>
        </li>
      ))}
    </ul>
  );
}
